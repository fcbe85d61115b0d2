DROP TABLE webhook_outbox;
DROP TABLE reminders;
DROP TABLE webhooks;
