-- Rollups are maintained in the background from the raw events instead of in the write transaction, so a
-- group commit is one insert. A raw event counts in the rollups exactly when rolled_up is true: the flag
-- is set in the same transaction that adds the event to usage_hourly and usage_daily. Readers add the
-- events not yet rolled up to the rollups, so answers stay exact while the rollup lags.
-- Existing rows were rolled up when they were written (the default TRUE says so); the writer inserts
-- new rows with FALSE explicitly.
ALTER TABLE usage_event ADD COLUMN rolled_up BOOLEAN DEFAULT TRUE NOT NULL;
-- Finds the pending events (rolled_up = FALSE), per tenant and time for the readers.
CREATE INDEX ix_usage_event_pending ON usage_event (rolled_up, tenant_id, occurred_at);
