DROP TABLE unit_names;
