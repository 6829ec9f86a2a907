ALTER TABLE "bank_hash_changes" ALTER COLUMN "entry_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "bank_hash_changes" ADD COLUMN "bank_id" uuid;--> statement-breakpoint
ALTER TABLE "bank_imports" ADD COLUMN "mode" text DEFAULT 'rows' NOT NULL;--> statement-breakpoint
-- bank_hashes becomes partitioned by bank, which Drizzle cannot express (media.schema.ts says why).
-- The rows move with their ids, so bank_hash_changes and every node's index stay valid; the id
-- sequence moves to the new table.
ALTER TABLE "bank_hashes" RENAME TO "bank_hashes_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "bank_hashes_id_seq" OWNED BY NONE;--> statement-breakpoint
ALTER INDEX "bank_hashes_key_idx" RENAME TO "bank_hashes_unpartitioned_key_idx";--> statement-breakpoint
ALTER INDEX "bank_hashes_withdrawn_idx" RENAME TO "bank_hashes_unpartitioned_withdrawn_idx";--> statement-breakpoint
ALTER TABLE "bank_hashes_unpartitioned" RENAME CONSTRAINT "bank_hashes_pkey" TO "bank_hashes_unpartitioned_pkey";--> statement-breakpoint
CREATE TABLE "bank_hashes" (
	"id" integer DEFAULT nextval('bank_hashes_id_seq') NOT NULL,
	"bank_id" uuid NOT NULL,
	"hash_type" text NOT NULL,
	"hash" text NOT NULL,
	"hash_key" bigint NOT NULL,
	"label" text,
	"source" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "bank_hashes_id_bank_id_pk" PRIMARY KEY("id","bank_id")
) PARTITION BY LIST ("bank_id");--> statement-breakpoint
ALTER SEQUENCE "bank_hashes_id_seq" OWNED BY "bank_hashes"."id";--> statement-breakpoint
CREATE INDEX "bank_hashes_key_idx" ON "bank_hashes" USING btree ("hash_key");--> statement-breakpoint
CREATE INDEX "bank_hashes_withdrawn_idx" ON "bank_hashes" USING btree ("bank_id") WHERE withdrawn_at IS NOT NULL;--> statement-breakpoint
-- One partition per bank that has entries, named as banks.repo.ts names them; others get theirs
-- with their first entry.
DO $$
DECLARE bank uuid;
BEGIN
  FOR bank IN SELECT DISTINCT bank_id FROM bank_hashes_unpartitioned LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF bank_hashes FOR VALUES IN (%L)', 'bank_hashes_' || replace(bank::text, '-', ''), bank);
  END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "bank_hashes" ("id", "bank_id", "hash_type", "hash", "hash_key", "label", "source", "added_at", "withdrawn_at")
	SELECT "id", "bank_id", "hash_type", "hash", "hash_key", "label", "source", "added_at", "withdrawn_at" FROM "bank_hashes_unpartitioned";--> statement-breakpoint
DROP TABLE "bank_hashes_unpartitioned";
