CREATE TABLE "case_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"category" text NOT NULL,
	"source" text NOT NULL,
	"reporter_key" text NOT NULL,
	"reporter_external_id" text,
	"trusted_flagger_org_id" uuid,
	"reporter_name" text,
	"reporter_email_sealed" text,
	"relation" text,
	"explanation" text NOT NULL,
	"location" text,
	"evidence" jsonb NOT NULL,
	"good_faith" boolean NOT NULL,
	"minor_involved" boolean DEFAULT false NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"receipt_code" text NOT NULL,
	"outcome" text,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reports_receipt_code_unique" UNIQUE("receipt_code")
);
--> statement-breakpoint
CREATE TABLE "trusted_flagger_members" (
	"org_id" uuid NOT NULL,
	"member_external_id" text NOT NULL,
	"verified_at" timestamp with time zone NOT NULL,
	CONSTRAINT "trusted_flagger_members_member_external_id_unique" UNIQUE("member_external_id")
);
--> statement-breakpoint
CREATE TABLE "trusted_flagger_orgs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"contact_email" text,
	"verified_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appeals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"action_id" uuid NOT NULL,
	"appellant_external_id" text,
	"text" text NOT NULL,
	"status" text NOT NULL,
	"decided_by" uuid,
	"decision_reason" text,
	"received_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "community_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"ground" text NOT NULL,
	"legal_ground" text,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "community_rules_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "moderation_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"affected_external_id" text,
	"action" text NOT NULL,
	"rule_id" uuid,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"ends_at" timestamp with time zone,
	"decided_by" uuid NOT NULL,
	"second_reviewer_id" uuid,
	"statement" jsonb,
	"public_token" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"reversed_at" timestamp with time zone,
	CONSTRAINT "moderation_actions_public_token_unique" UNIQUE("public_token")
);
--> statement-breakpoint
CREATE TABLE "strikes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"member_external_id" text NOT NULL,
	"action_id" uuid NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbound_emails" (
	"id" uuid PRIMARY KEY NOT NULL,
	"to_sealed" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"related_type" text,
	"related_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"status_code" integer,
	"duration_ms" integer NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"last_status_code" integer,
	"last_error" text,
	"succeeded_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"description" text,
	"secret_sealed" text NOT NULL,
	"event_types" text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "queue_key" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "sla_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "minor_involved" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "trusted_flagger" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "reporters" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "signals" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "assignee_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "resolution" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trusted_flagger_members" ADD CONSTRAINT "trusted_flagger_members_org_id_trusted_flagger_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."trusted_flagger_orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_notes_case_idx" ON "case_notes" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE INDEX "reports_case_idx" ON "reports" USING btree ("case_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_case_reporter_idx" ON "reports" USING btree ("case_id","reporter_key");--> statement-breakpoint
CREATE INDEX "reports_flagger_idx" ON "reports" USING btree ("trusted_flagger_org_id","outcome");--> statement-breakpoint
CREATE INDEX "trusted_flagger_members_org_idx" ON "trusted_flagger_members" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "appeals_action_idx" ON "appeals" USING btree ("action_id");--> statement-breakpoint
CREATE INDEX "appeals_status_idx" ON "appeals" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "moderation_actions_case_idx" ON "moderation_actions" USING btree ("case_id","decided_at");--> statement-breakpoint
CREATE INDEX "moderation_actions_affected_idx" ON "moderation_actions" USING btree ("affected_external_id","decided_at");--> statement-breakpoint
CREATE INDEX "strikes_member_idx" ON "strikes" USING btree ("member_external_id","created_at");--> statement-breakpoint
CREATE INDEX "outbound_emails_status_idx" ON "outbound_emails" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" USING btree ("delivery_id","attempted_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_status_idx" ON "webhook_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "webhook_messages_time_idx" ON "webhook_messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "cases_queue_key_idx" ON "cases" USING btree ("queue_key","id");--> statement-breakpoint
CREATE INDEX "cases_assignee_idx" ON "cases" USING btree ("assignee_id","status");