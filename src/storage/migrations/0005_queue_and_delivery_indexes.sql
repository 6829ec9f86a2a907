DROP INDEX "webhook_deliveries_status_idx";--> statement-breakpoint
CREATE INDEX "reports_reporter_time_idx" ON "reports" USING btree ("reporter_key","received_at");--> statement-breakpoint
CREATE INDEX "moderation_actions_status_idx" ON "moderation_actions" USING btree ("status","decided_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_created_idx" ON "webhook_deliveries" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_status_created_idx" ON "webhook_deliveries" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_message_idx" ON "webhook_deliveries" USING btree ("message_id");