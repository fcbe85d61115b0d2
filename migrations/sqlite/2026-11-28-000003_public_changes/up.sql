-- The public change log: one row each time a model's public page may have changed (the model
-- itself, or a movement, unit or publicity item it shows). Sequence numbers are taken under
-- a lock held until commit, so they commit in order and a reader never skips one.
CREATE TABLE public_changes (
    seq         BIGINT PRIMARY KEY NOT NULL,
    model_id    TEXT NOT NULL,
    changed_at  TIMESTAMP NOT NULL
);
CREATE INDEX public_changes_model ON public_changes(model_id);
