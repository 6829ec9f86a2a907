CREATE TABLE "contact_cache_nodes" (
	"node_id" text PRIMARY KEY NOT NULL,
	"lease_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_changes_coming" (
	"token" text PRIMARY KEY NOT NULL,
	"txid" bigint NOT NULL,
	"announced_at" timestamp with time zone DEFAULT now() NOT NULL
);
