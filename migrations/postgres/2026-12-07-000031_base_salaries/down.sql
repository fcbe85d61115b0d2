DROP TABLE base_salaries;
