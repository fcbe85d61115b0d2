DROP TABLE inspection_actions;
DROP TABLE inspections;
