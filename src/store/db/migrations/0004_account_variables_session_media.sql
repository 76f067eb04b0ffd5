CREATE TABLE "account_variables" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"test_mode" boolean NOT NULL,
	"name" text NOT NULL,
	"default_value" text,
	"description" text,
	"required" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_recordings" (
	"session_id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" bigint NOT NULL,
	"duration_ms" integer,
	"sample_rate" integer,
	"timeline_started_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "account_variables_name_idx" ON "account_variables" USING btree ("organization_id","test_mode","name");--> statement-breakpoint
CREATE INDEX "session_recordings_run_idx" ON "session_recordings" USING btree ("run_id");