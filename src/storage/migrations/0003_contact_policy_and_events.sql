CREATE TABLE "community_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"api_key_id" uuid,
	"account_external_id" text,
	"applied" boolean NOT NULL,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_attempts" (
	"event_id" text PRIMARY KEY NOT NULL,
	"from_external_id" text NOT NULL,
	"to_external_id" text NOT NULL,
	"kind" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_denials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"from_external_id" text NOT NULL,
	"to_external_id" text NOT NULL,
	"kind" text NOT NULL,
	"rule" text NOT NULL,
	"policy_version" integer NOT NULL,
	"minor_involved" boolean NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_pairs" (
	"from_external_id" text NOT NULL,
	"to_external_id" text NOT NULL,
	"first_contact_at" timestamp with time zone NOT NULL,
	"first_message_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"messages" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "contact_pairs_from_external_id_to_external_id_pk" PRIMARY KEY("from_external_id","to_external_id")
);
--> statement-breakpoint
CREATE TABLE "member_rejections" (
	"event_id" text PRIMARY KEY NOT NULL,
	"by_external_id" text NOT NULL,
	"of_external_id" text NOT NULL,
	"kind" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"event_id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"from_external_id" text NOT NULL,
	"to_external_id" text NOT NULL,
	"has_media" boolean DEFAULT false NOT NULL,
	"text_sealed" text,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "profile_photos" (
	"event_id" text PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"sha256" text,
	"md5" text,
	"pdq" text,
	"set_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"document" jsonb NOT NULL,
	"comment" text,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_items_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"category" text NOT NULL,
	"status" text NOT NULL,
	"priority" integer NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "age_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "age_verification_method" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "restriction" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "restricted_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "email_hash" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "phone_hash" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_items" ADD CONSTRAINT "case_items_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "community_events_type_time_idx" ON "community_events" USING btree ("type","occurred_at");--> statement-breakpoint
CREATE INDEX "community_events_pending_idx" ON "community_events" USING btree ("account_external_id","applied");--> statement-breakpoint
CREATE INDEX "contact_attempts_from_idx" ON "contact_attempts" USING btree ("from_external_id","occurred_at");--> statement-breakpoint
CREATE INDEX "contact_attempts_to_idx" ON "contact_attempts" USING btree ("to_external_id","occurred_at");--> statement-breakpoint
CREATE INDEX "contact_denials_from_idx" ON "contact_denials" USING btree ("from_external_id","decided_at");--> statement-breakpoint
CREATE INDEX "contact_pairs_from_first_idx" ON "contact_pairs" USING btree ("from_external_id","first_contact_at");--> statement-breakpoint
CREATE INDEX "member_rejections_of_idx" ON "member_rejections" USING btree ("of_external_id","occurred_at");--> statement-breakpoint
CREATE INDEX "messages_conversation_idx" ON "messages" USING btree ("conversation_id","sent_at");--> statement-breakpoint
CREATE INDEX "messages_from_idx" ON "messages" USING btree ("from_external_id","sent_at");--> statement-breakpoint
CREATE INDEX "profile_photos_account_idx" ON "profile_photos" USING btree ("external_id","set_at");--> statement-breakpoint
CREATE INDEX "case_items_case_idx" ON "case_items" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_subject_idx" ON "cases" USING btree ("subject_type","subject_id","status");--> statement-breakpoint
CREATE INDEX "cases_queue_idx" ON "cases" USING btree ("status","priority","opened_at");--> statement-breakpoint
CREATE INDEX "accounts_email_hash_idx" ON "accounts" USING btree ("email_hash");