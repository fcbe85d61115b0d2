DROP INDEX publicity_links_movement;
DROP INDEX publicity_links_model;
DROP INDEX exemplary_models_recent;
DROP INDEX exemplary_models_order;
