ALTER TABLE "messages" ADD COLUMN "message_id" text;--> statement-breakpoint
CREATE INDEX "messages_message_id_idx" ON "messages" USING btree ("message_id");