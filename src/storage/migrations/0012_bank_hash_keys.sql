CREATE TABLE "bank_hash_changes" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"entry_id" integer NOT NULL,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bank_hashes" DROP CONSTRAINT "bank_hashes_bank_id_hash_banks_id_fk";
--> statement-breakpoint
DROP INDEX "bank_hashes_entry_idx";--> statement-breakpoint
DROP INDEX "bank_hashes_change_idx";--> statement-breakpoint
ALTER TABLE "bank_hashes" ADD COLUMN "hash_key" bigint;--> statement-breakpoint
-- The look-up key: the first 64 bits of the hash (banks.repo.ts computes it the same way).
UPDATE "bank_hashes" SET "hash_key" = ('x' || substr("hash", 1, 16))::bit(64)::bigint;--> statement-breakpoint
ALTER TABLE "bank_hashes" ALTER COLUMN "hash_key" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "bank_hashes_key_idx" ON "bank_hashes" USING btree ("hash_key");--> statement-breakpoint
CREATE INDEX "bank_hashes_withdrawn_idx" ON "bank_hashes" USING btree ("bank_id") WHERE withdrawn_at IS NOT NULL;--> statement-breakpoint
ALTER TABLE "bank_hashes" DROP COLUMN "change_seq";--> statement-breakpoint
DROP SEQUENCE "public"."bank_hash_change_seq";