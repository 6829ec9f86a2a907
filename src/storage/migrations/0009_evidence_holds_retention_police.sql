CREATE TABLE "evidence_ncmec_marks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"scope_type" text NOT NULL,
	"scope_id" text NOT NULL,
	"reference" text,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"marked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_schedules" (
	"name" text PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "legal_holds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"scope_type" text NOT NULL,
	"scope_id" text NOT NULL,
	"reason" text NOT NULL,
	"placed_by" uuid NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"released_by" uuid,
	"released_at" timestamp with time zone,
	"release_reason" text
);
--> statement-breakpoint
CREATE TABLE "police_request_exports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"package_sha256" text NOT NULL,
	"item_count" integer NOT NULL,
	"exported_by" uuid NOT NULL,
	"exported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "police_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"agency" text NOT NULL,
	"officer" text NOT NULL,
	"contact" text NOT NULL,
	"agency_case_number" text NOT NULL,
	"legal_basis" text NOT NULL,
	"scope" jsonb NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"received_by" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_reason" text,
	"fulfilled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "police_request_exports" ADD CONSTRAINT "police_request_exports_request_id_police_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."police_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_ncmec_marks_scope_idx" ON "evidence_ncmec_marks" USING btree ("scope_type","scope_id");--> statement-breakpoint
CREATE INDEX "legal_holds_scope_idx" ON "legal_holds" USING btree ("scope_type","scope_id","released_at");--> statement-breakpoint
CREATE INDEX "legal_holds_placed_idx" ON "legal_holds" USING btree ("placed_at");--> statement-breakpoint
CREATE INDEX "police_request_exports_request_idx" ON "police_request_exports" USING btree ("request_id","exported_at");--> statement-breakpoint
CREATE INDEX "police_requests_status_idx" ON "police_requests" USING btree ("status","deadline");