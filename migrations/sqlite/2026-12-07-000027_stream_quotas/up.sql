-- Quota pools of an award stream (the commendation register issue, point 8). A rule with a
-- stream (thematic, ad hoc, long service, foreign relations) counts one provincial pool of
-- that stream's annual nominations per year; a stream without such a rule takes no quota
-- place, so an ad-hoc award goes forward without the annual round. The movements' annual
-- pools (and their rules, with no stream) count merit nominations only.
ALTER TABLE quota_rules ADD COLUMN stream TEXT;
CREATE INDEX nominations_stream_pool ON nominations(stream, year, track);
