-- Undoes 000025.
DROP TABLE nomination_receipts;
DROP INDEX nominations_initiative;
DROP INDEX awards_initiative;
DROP TABLE eligibility_rules;
