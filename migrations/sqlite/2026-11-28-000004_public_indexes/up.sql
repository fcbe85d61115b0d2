-- What the public feed reads on every page: models in name order, their links, their items.
CREATE INDEX exemplary_models_order ON exemplary_models(name_key, id);
CREATE INDEX exemplary_models_recent ON exemplary_models(updated_at, id);
CREATE INDEX publicity_links_model ON publicity_links(model_id);
CREATE INDEX publicity_links_movement ON publicity_links(movement_id);
