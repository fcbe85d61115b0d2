-- Back to nominations of models only: a nomination that names no model cannot be kept, and is
-- removed with its reviews, scores and comments; personal data returns to the models.
DELETE FROM nomination_scores WHERE review_id IN (SELECT r.id FROM nomination_reviews r
    JOIN nominations n ON n.id = r.nomination_id WHERE n.model_id IS NULL);
DELETE FROM nomination_reviews WHERE nomination_id IN (SELECT id FROM nominations WHERE model_id IS NULL);
DELETE FROM public_comments WHERE nomination_id IN (SELECT id FROM nominations WHERE model_id IS NULL);
DELETE FROM nominations WHERE model_id IS NULL;
DROP INDEX nominations_awardee;
DROP INDEX nominations_model;
CREATE INDEX nominations_model ON nominations(model_id, year);
ALTER TABLE nominations ALTER COLUMN model_id SET NOT NULL;
ALTER TABLE nominations DROP COLUMN awardee_id;

ALTER TABLE exemplary_models ADD COLUMN birth_date DATE, ADD COLUMN phone TEXT,
    ADD COLUMN national_id TEXT, ADD COLUMN home_address TEXT;
UPDATE exemplary_models m SET birth_date = a.birth_date, phone = a.phone,
    national_id = a.national_id, home_address = a.home_address
FROM awardees a WHERE a.id = m.awardee_id;
DROP INDEX exemplary_models_awardee;
ALTER TABLE exemplary_models DROP COLUMN awardee_id;
DROP TABLE awardees;
