-- The moderation event log is append-only: rows are never changed or removed.
CREATE OR REPLACE FUNCTION trygg_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'moderation_events is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER moderation_events_append_only
  BEFORE UPDATE OR DELETE ON moderation_events
  FOR EACH ROW EXECUTE FUNCTION trygg_refuse_change();
--> statement-breakpoint
CREATE TRIGGER moderation_events_no_truncate
  BEFORE TRUNCATE ON moderation_events
  FOR EACH STATEMENT EXECUTE FUNCTION trygg_refuse_change();
