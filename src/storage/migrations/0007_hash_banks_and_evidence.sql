CREATE SEQUENCE "public"."bank_hash_change_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "bank_hashes" (
	"id" serial PRIMARY KEY NOT NULL,
	"bank_id" uuid NOT NULL,
	"hash_type" text NOT NULL,
	"hash" text NOT NULL,
	"label" text,
	"source" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"change_seq" bigint DEFAULT nextval('bank_hash_change_seq') NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bank_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"bank_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"file_bytes" bigint NOT NULL,
	"format" text NOT NULL,
	"bytes_done" bigint DEFAULT 0 NOT NULL,
	"lines_done" integer DEFAULT 0 NOT NULL,
	"added" integer DEFAULT 0 NOT NULL,
	"withdrawn" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hash_banks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"action" text NOT NULL,
	"category" text NOT NULL,
	"pdq_threshold" integer DEFAULT 31 NOT NULL,
	"quality_floor" integer DEFAULT 50 NOT NULL,
	"description" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hash_banks_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "media_checks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" text,
	"content_id" text,
	"pdq" text,
	"quality" integer,
	"md5" text,
	"sha256" text,
	"verdict" text NOT NULL,
	"matches" jsonb NOT NULL,
	"case_id" uuid,
	"evidence_id" uuid,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" integer NOT NULL,
	"content_type" text NOT NULL,
	"key_id" text NOT NULL,
	"sealed" "bytea",
	"created_at" timestamp with time zone NOT NULL,
	"purged_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "evidence_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"blob_sha256" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"case_id" uuid,
	"reason" text NOT NULL,
	"provenance" jsonb NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bank_hashes" ADD CONSTRAINT "bank_hashes_bank_id_hash_banks_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."hash_banks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_imports" ADD CONSTRAINT "bank_imports_bank_id_hash_banks_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."hash_banks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_items" ADD CONSTRAINT "evidence_items_blob_sha256_evidence_blobs_sha256_fk" FOREIGN KEY ("blob_sha256") REFERENCES "public"."evidence_blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_hashes_entry_idx" ON "bank_hashes" USING btree ("hash","hash_type","bank_id");--> statement-breakpoint
CREATE INDEX "bank_hashes_change_idx" ON "bank_hashes" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "bank_imports_file_idx" ON "bank_imports" USING btree ("bank_id","file_sha256");--> statement-breakpoint
CREATE INDEX "media_checks_content_idx" ON "media_checks" USING btree ("content_id");--> statement-breakpoint
CREATE INDEX "media_checks_verdict_idx" ON "media_checks" USING btree ("verdict","checked_at");--> statement-breakpoint
CREATE INDEX "evidence_items_subject_idx" ON "evidence_items" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "evidence_items_case_idx" ON "evidence_items" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "evidence_items_blob_idx" ON "evidence_items" USING btree ("blob_sha256");--> statement-breakpoint
-- Evidence items are append-only: provenance is never rewritten. Purging removes a blob's
-- ciphertext (evidence_blobs.sealed), never the record that it existed.
CREATE OR REPLACE FUNCTION trygg_refuse_evidence_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'evidence_items is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER evidence_items_append_only
  BEFORE UPDATE OR DELETE ON evidence_items
  FOR EACH ROW EXECUTE FUNCTION trygg_refuse_evidence_change();
