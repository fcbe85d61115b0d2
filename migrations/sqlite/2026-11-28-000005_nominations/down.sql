DROP TABLE public_comments;
DROP TABLE holidays;
DROP TABLE nomination_scores;
DROP TABLE nomination_reviews;
DROP TABLE nominations;
DROP TABLE commendation_forms;
