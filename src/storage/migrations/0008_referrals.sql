CREATE TABLE "referral_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"referral_id" uuid NOT NULL,
	"step" text NOT NULL,
	"attempt" integer NOT NULL,
	"http_status" integer,
	"response_code" integer,
	"body" text,
	"ok" boolean NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"details" jsonb NOT NULL,
	"document" text,
	"validation_errors" jsonb,
	"remote_report_id" text,
	"progress" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"retracted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "referral_responses" ADD CONSTRAINT "referral_responses_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "referral_responses_referral_idx" ON "referral_responses" USING btree ("referral_id","at");--> statement-breakpoint
CREATE INDEX "referrals_case_idx" ON "referrals" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE INDEX "referrals_status_idx" ON "referrals" USING btree ("status","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_one_live_ncmec_idx" ON "referrals" USING btree ("case_id") WHERE kind = 'ncmec' AND status <> 'retracted';