-- The criteria gate (the commendation register issue, point 6): a recommendation whose scores
-- fail the criteria set (a mandatory criterion's mean below its pass mark, or the mean total
-- below the threshold) needs the coordinator's reason, kept on the nomination and shown in
-- the exports; the audit log keeps it with the step.
ALTER TABLE nominations ADD COLUMN score_override TEXT;
