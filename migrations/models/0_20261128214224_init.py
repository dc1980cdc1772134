from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

# Tables, keys and unique constraints. Secondary indexes and CHECK constraints
# live in 1_indexes so they can be rebuilt without touching data.


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "principal" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL UNIQUE,
    "display_name" VARCHAR(200) NOT NULL,
    "email" VARCHAR(320),
    "role" VARCHAR(16) NOT NULL,
    "is_active" BOOL NOT NULL
);
COMMENT ON COLUMN "principal"."role" IS 'ADMIN: admin\nEDITOR: editor\nREVIEWER: reviewer\nVIEWER: viewer';
COMMENT ON TABLE "principal" IS 'A person or service that holds tokens; `name` is the JWT `sub`.';
CREATE TABLE IF NOT EXISTS "audit_log" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "actor_name" VARCHAR(200) NOT NULL,
    "action" VARCHAR(100) NOT NULL,
    "target_type" VARCHAR(50) NOT NULL,
    "target_id" VARCHAR(64) NOT NULL,
    "details" JSONB NOT NULL,
    "request_id" VARCHAR(64),
    "occurred_at" TIMESTAMPTZ NOT NULL,
    "actor_id" INT REFERENCES "principal" ("id") ON DELETE SET NULL
);
COMMENT ON TABLE "audit_log" IS 'Append-only record of every state-changing action, for admins and incident reviews.';
CREATE TABLE IF NOT EXISTS "subscriber" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "email" VARCHAR(320) UNIQUE,
    "external_id" VARCHAR(200) UNIQUE,
    "name" VARCHAR(200) NOT NULL,
    "attributes" JSONB NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "locale" VARCHAR(16) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "consent_given_at" TIMESTAMPTZ,
    "consent_withdrawn_at" TIMESTAMPTZ
);
COMMENT ON COLUMN "subscriber"."status" IS 'ACTIVE: active\nUNSUBSCRIBED: unsubscribed\nBOUNCED: bounced\nCOMPLAINED: complained';
COMMENT ON TABLE "subscriber" IS 'Reachable by email and/or by an external id (for chat and webhook audiences).';
CREATE TABLE IF NOT EXISTS "suppression" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "address" VARCHAR(320) NOT NULL UNIQUE,
    "reason" VARCHAR(32) NOT NULL,
    "details" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "suppression" IS 'Addresses we must never send to again (hard bounce, complaint, manual).';
CREATE TABLE IF NOT EXISTS "topic" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "slug" VARCHAR(100) NOT NULL UNIQUE,
    "name" VARCHAR(200) NOT NULL,
    "description" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "brand" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL UNIQUE,
    "logo_url" VARCHAR(2000),
    "primary_color" VARCHAR(16) NOT NULL,
    "secondary_color" VARCHAR(16) NOT NULL,
    "footer" TEXT NOT NULL,
    "sender_name" VARCHAR(200) NOT NULL,
    "sender_email" VARCHAR(320),
    "social_links" JSONB NOT NULL
);
CREATE TABLE IF NOT EXISTS "channel" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL UNIQUE,
    "type" VARCHAR(16) NOT NULL,
    "config" JSONB NOT NULL,
    "secret_ciphertext" TEXT,
    "status" VARCHAR(16) NOT NULL,
    "status_reason" TEXT,
    "rate_limit_per_second" DOUBLE PRECISION,
    "rate_limit_burst" INT,
    "brand_id" INT REFERENCES "brand" ("id") ON DELETE SET NULL
);
COMMENT ON COLUMN "channel"."type" IS 'EMAIL: email\nSLACK: slack\nDISCORD: discord\nWEBHOOK: webhook\nRSS: rss';
COMMENT ON COLUMN "channel"."status" IS 'ACTIVE: active\nPAUSED: paused\nDISABLED: disabled';
COMMENT ON TABLE "channel" IS 'Non-secret settings live in `config`; tokens, keys and token-bearing URLs are kept';
CREATE TABLE IF NOT EXISTS "subscriber_preference" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "frequency" VARCHAR(16) NOT NULL,
    "quiet_hours_start" TIMETZ,
    "quiet_hours_end" TIMETZ,
    "channel_id" INT NOT NULL REFERENCES "channel" ("id") ON DELETE CASCADE,
    "subscriber_id" INT NOT NULL REFERENCES "subscriber" ("id") ON DELETE CASCADE,
    "topic_id" INT NOT NULL REFERENCES "topic" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_subscriber__subscri_d682ae" UNIQUE ("subscriber_id", "topic_id", "channel_id")
);
COMMENT ON COLUMN "subscriber_preference"."frequency" IS 'IMMEDIATE: immediate\nDAILY: daily\nWEEKLY: weekly\nNEVER: never';
COMMENT ON TABLE "subscriber_preference" IS 'One row per (subscriber, topic, channel): how often, and when not to disturb.';
CREATE TABLE IF NOT EXISTS "template" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "channel_type" VARCHAR(16) NOT NULL,
    "current_version" INT NOT NULL,
    "variables" JSONB NOT NULL,
    "parent_id" INT REFERENCES "template" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_template_name_ab44d1" UNIQUE ("name", "channel_type")
);
COMMENT ON COLUMN "template"."channel_type" IS 'EMAIL: email\nSLACK: slack\nDISCORD: discord\nWEBHOOK: webhook\nRSS: rss';
COMMENT ON TABLE "template" IS 'The identity of a template; its text lives in TemplateVersion so that a publication';
CREATE TABLE IF NOT EXISTS "template_version" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" INT NOT NULL,
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "template_id" INT NOT NULL REFERENCES "template" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_template_ve_templat_6c1ac2" UNIQUE ("template_id", "version")
);
CREATE TABLE IF NOT EXISTS "publication" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "title" VARCHAR(300) NOT NULL,
    "summary" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "priority" VARCHAR(16) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "publish_at" TIMESTAMPTZ,
    "submitted_at" TIMESTAMPTZ,
    "approved_at" TIMESTAMPTZ,
    "published_at" TIMESTAMPTZ,
    "canceled_at" TIMESTAMPTZ,
    "failure_reason" TEXT,
    "approved_by_id" INT REFERENCES "principal" ("id") ON DELETE SET NULL,
    "author_id" INT REFERENCES "principal" ("id") ON DELETE SET NULL,
    "brand_id" INT REFERENCES "brand" ("id") ON DELETE SET NULL
);
COMMENT ON COLUMN "publication"."priority" IS 'NORMAL: normal\nHIGH: high\nCRITICAL: critical';
COMMENT ON COLUMN "publication"."status" IS 'DRAFT: draft\nIN_REVIEW: in_review\nAPPROVED: approved\nSCHEDULED: scheduled\nPUBLISHING: publishing\nPUBLISHED: published\nFAILED: failed\nCANCELED: canceled';
CREATE TABLE IF NOT EXISTS "experiment" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "metric" VARCHAR(16) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "started_at" TIMESTAMPTZ,
    "ended_at" TIMESTAMPTZ,
    "publication_id" INT NOT NULL REFERENCES "publication" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "experiment"."metric" IS 'OPEN_RATE: open_rate\nCLICK_RATE: click_rate';
COMMENT ON COLUMN "experiment"."status" IS 'DRAFT: draft\nRUNNING: running\nCOMPLETED: completed\nCANCELED: canceled';
CREATE TABLE IF NOT EXISTS "variant" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "weight" INT NOT NULL,
    "title" VARCHAR(300),
    "summary" TEXT,
    "body" TEXT,
    "is_winner" BOOL NOT NULL,
    "experiment_id" INT NOT NULL REFERENCES "experiment" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_variant_experim_627286" UNIQUE ("experiment_id", "name")
);
CREATE TABLE IF NOT EXISTS "delivery" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "idempotency_key" VARCHAR(200) NOT NULL UNIQUE,
    "recipient" VARCHAR(2000) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "attempts" SMALLINT NOT NULL,
    "next_attempt_at" TIMESTAMPTZ,
    "last_error" TEXT,
    "error_history" JSONB NOT NULL,
    "provider_message_id" VARCHAR(256),
    "sent_at" TIMESTAMPTZ,
    "delivered_at" TIMESTAMPTZ,
    "channel_id" INT NOT NULL REFERENCES "channel" ("id") ON DELETE CASCADE,
    "publication_id" INT NOT NULL REFERENCES "publication" ("id") ON DELETE CASCADE,
    "subscriber_id" INT REFERENCES "subscriber" ("id") ON DELETE SET NULL,
    "variant_id" INT REFERENCES "variant" ("id") ON DELETE SET NULL
);
COMMENT ON COLUMN "delivery"."status" IS 'PENDING: pending\nQUEUED: queued\nSENDING: sending\nSENT: sent\nDELIVERED: delivered\nFAILED: failed\nDEAD: dead\nSUPPRESSED: suppressed\nSKIPPED: skipped';
CREATE TABLE IF NOT EXISTS "engagement_event" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "type" VARCHAR(16) NOT NULL,
    "occurred_at" TIMESTAMPTZ NOT NULL,
    "is_machine" BOOL NOT NULL,
    "metadata" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ NOT NULL,
    "delivery_id" BIGINT NOT NULL REFERENCES "delivery" ("id") ON DELETE CASCADE,
    "publication_id" INT NOT NULL REFERENCES "publication" ("id") ON DELETE CASCADE,
    "subscriber_id" INT REFERENCES "subscriber" ("id") ON DELETE SET NULL
);
COMMENT ON COLUMN "engagement_event"."type" IS 'DELIVERY: delivery\nOPEN: open\nCLICK: click\nBOUNCE: bounce\nCOMPLAINT: complaint\nUNSUBSCRIBE: unsubscribe';
COMMENT ON TABLE "engagement_event" IS '`publication` is copied from the delivery so per-publication time series need no join.';
CREATE TABLE IF NOT EXISTS "assignment" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "assigned_at" TIMESTAMPTZ NOT NULL,
    "experiment_id" INT NOT NULL REFERENCES "experiment" ("id") ON DELETE CASCADE,
    "subscriber_id" INT NOT NULL REFERENCES "subscriber" ("id") ON DELETE CASCADE,
    "variant_id" INT NOT NULL REFERENCES "variant" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_assignment_experim_5db7fd" UNIQUE ("experiment_id", "subscriber_id")
);
CREATE TABLE IF NOT EXISTS "alert" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "status" VARCHAR(24) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "first_delivered_at" TIMESTAMPTZ,
    "completed_at" TIMESTAMPTZ,
    "created_by_id" INT REFERENCES "principal" ("id") ON DELETE SET NULL,
    "publication_id" INT NOT NULL UNIQUE REFERENCES "publication" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "alert"."status" IS 'PENDING: pending\nSENDING: sending\nDELIVERED: delivered\nPARTIALLY_FAILED: partially_failed\nFAILED: failed';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);
CREATE TABLE IF NOT EXISTS "publication_topic" (
    "publication_id" INT NOT NULL REFERENCES "publication" ("id") ON DELETE CASCADE,
    "topic_id" INT NOT NULL REFERENCES "topic" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS "uidx_publication_publica_4afad0" ON "publication_topic" ("publication_id", "topic_id");
CREATE TABLE IF NOT EXISTS "publication_channel" (
    "publication_id" INT NOT NULL REFERENCES "publication" ("id") ON DELETE CASCADE,
    "channel_id" INT NOT NULL REFERENCES "channel" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS "uidx_publication_publica_d2eb5c" ON "publication_channel" ("publication_id", "channel_id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP TABLE IF EXISTS "publication_channel" CASCADE;
DROP TABLE IF EXISTS "publication_topic" CASCADE;
DROP TABLE IF EXISTS "alert" CASCADE;
DROP TABLE IF EXISTS "assignment" CASCADE;
DROP TABLE IF EXISTS "engagement_event" CASCADE;
DROP TABLE IF EXISTS "delivery" CASCADE;
DROP TABLE IF EXISTS "variant" CASCADE;
DROP TABLE IF EXISTS "experiment" CASCADE;
DROP TABLE IF EXISTS "publication" CASCADE;
DROP TABLE IF EXISTS "template_version" CASCADE;
DROP TABLE IF EXISTS "template" CASCADE;
DROP TABLE IF EXISTS "subscriber_preference" CASCADE;
DROP TABLE IF EXISTS "channel" CASCADE;
DROP TABLE IF EXISTS "brand" CASCADE;
DROP TABLE IF EXISTS "topic" CASCADE;
DROP TABLE IF EXISTS "suppression" CASCADE;
DROP TABLE IF EXISTS "subscriber" CASCADE;
DROP TABLE IF EXISTS "audit_log" CASCADE;
DROP TABLE IF EXISTS "principal" CASCADE;
"""


MODELS_STATE = (
    "eJztXWuTm7ia/isq75ekqpNN+pLO6dnaKttNJj5x215fkjMnniIY1LZOY8GA6I73bP77Sm"
    "AwF4HBtwZaX2bSoFeG5xXSe3n06t+NpaFB3X7bdDREusZcwsRaNW7AvxtYWUL6D36DM9BQ"
    "THNzm10gykx3JRTWVNaNudtsZhNLUQm9ca/oNqSXNGirFjIJMjBr3jRNiLU3BtZXwIKqYW"
    "nAuAfwEVorYBOFwDfqQsFzhOeA9kOFzsC9YQFFWyJsAwVrAGEVaRATKv6I4JP9lv2wZqj0"
    "l6nUEX/DwegvB8rEmEOygBb9pe9/0ssIa/AntNmf3yksFr0rk5UJPZTcP5HWoC2/NwxVdS"
    "wLarJCGn8yWfNBvkdQ1yI6oK3pLfe61xG91kLzDiaf3LbsdWeyaujOEm/amyuyMHAggDBh"
    "V+cQQ4u+MfsFYjlMIdjR9bXyfB15b7Zp4r1SSEaD94qjM7Uyae8BNtcastzrj+WRNJblRk"
    "LlvkRIQ+tLqoHZcKGParsAzNkjvPnb+fnFxfX5u4sPH68ur6+vPr77SNu6z5u8df3Le5gN"
    "Wl5XLmad3zu9MXsgg45Jb7SyC79cGYUonpSruQ36dEQYluz+ldBCe6FYfB1EpWK6oC8Z14"
    "WPfJYy/AsbbWy+qQB6e2UTuGwcSyVL5aesQzwnC/rn+bt3GXB/bQ7bn5vDV7TV6yjovfWt"
    "c+8ewz+CN3uoYlivJU6H8zGHfQTj97kwfp+B8fskxrFZKS/QMbEaon2VB+yrdKyv0qDmze"
    "FbgeZO5HWA+cNlDpg/XKbCzG5FYdYgUZBniURB/vuo3+ODHBKJQawhlYD/AzqyE2vmwebp"
    "/7p3sDtvgZmDdEINjbfsZ//7WDN3BuAMItbz0rb/0sNAv7pr/iOug3a333IhM2wyt9xe3A"
    "5aMYVYkIJhFx34UamdRv7aQnkpAz9sQiaAvqUwEbSEfLBjovGPYC371v9HFWcdCypan5r9"
    "63GRAf64cyeNxs27QeRLuG2OJXbn3L26il199SGmqKAT8K0z/gzYn+Cf/Z4U/2CCduN/Nt"
    "gzKQ4xZGw8yYoWMrL9qz5qcTOJGpi8ryvVLwiLbPcOKvBpef7B+fvL68uPFx8uA7cguJLl"
    "DXiWP3O67h/SDf8kvJ8MC6I5/gJXLsod+kgKVnkG0dp3HljMezQVvXoI//KHkH9184iW8h"
    "S4qpGRRQGgrw2JCwF9ANCbdLsNF+iZoj48KZYmRxBnd4xzI3YlaJu8tTxfxq8oWJm78LD3"
    "YE+dwJ4T1IgoJj2gYUaabQ9oABNaNl3XDQvY0HpEKgRkoRCwMOgTA2I8QGz/Bn6wh/kBEL"
    "2ygODv38bgh+3MfnCCF/v3tz1QUSj28FICD3tNLGcZIQWVLktkpyU7KilW7Cqt2I6p7aj1"
    "qKTQelm07mMUUvv66TdaLxo4PGzI8Hmn0eMHCzVkm7qyKhyejcudMEBb4dAsXCpILwJzIF"
    "A/T/7iPA/AtFUqwO69WNDE0FOGsYSdZcLfiIZO1rInHMosFQatggO60by96/RuvOzaFEu3"
    "nXF/eAOghqgPMcVD6WtH+ibRK16qDdJr/pXQ7xWNon/IE0SPLxOhGPqHuKqQLbO8wyNHXy"
    "2DqkLBKTZyWC6mqxkVPJay/In/tKHFVr/fjSzUrU4sAdeb3LUkir0LPW2ESCgvl/DO073I"
    "kN/uJqAhpg8NOQHh1lr805ch1JWUzFFa2rtaM1aa+x4NJJmmZTxS69J0ZjpSXUT2hG2w6a"
    "mmoAmsCgwwHVpk3w+R9VEjfI4Z86LmAsaQG/Hyb51lxbvUUKOt0a6egd/YULUgATYkhIJh"
    "A52ubgBh8IO+9z2a//htHaQ6Aw9w5fFp3AtvZlBh8IHJsEsvW5DeN0kiAHb4n5hilwqk2E"
    "BF5oKOLPiTuL15PyNvrv4Ar2wIgWZQQxa/Va2VSYzXwDaAAlh0Z6bY9KazNKdYM6ANsEEA"
    "XfofWAxuKUJvIvQmgjAi9Ca0LkJvNQy9pZPHtscqqsAga0h3zU73BrgxrCkedZvtLzfA1q"
    "mNNsW3nVG7P7y9ARqyGZ94ir9Jrc/9Pm3xBGcLw6BthqPRDbBsuxzxCs9QSiosnR+1kRD0"
    "qMiMdwh6VMLSTGpmTK/yNcMVrkOINWvxkf4xztZCsPZ0+73f/eZx1cS0QBTicFzTfLPYRv"
    "qEMddN8LBQzLU97nyVboAnPcWD5mQk0enLVBwbau581mx1JW9CY8+nlWPW8iCWqY1i8zjh"
    "GZ9IXFB8HsU/D4aMrKMlIrIJLZlOOwbmOKWfdENJUUNqDzF13LMuaqWQ2/6EflBgMJTanV"
    "FnvYIE1rF7MxrxHkrNbjr+M8eyOWtEajyAJyo4f358YAPxzFKwVoxGGRYRkG6lUbpwcSaN"
    "ojTKlt9PtdDNS6EMj6rCFMpQYsKC99CCFMk9I+4jZ8bedwatQdBleZyzw2Yo6AtTq2j/dO"
    "Gt10+eTGFlcNozU5E3ZXan4NXYYP/Ny6oulDcrV3QmY05w306OE5Wj72qxgQi1oNU6YeOh"
    "aliuXh7gKgb6em4JNLdusRZe3yULy3Dmi7hoKCUUmZvazVG7eesaMnI8y/ArM0m1mV4anD"
    "xV6O5ZVqrKjrbbmq0aQoW+ChUGs5UX2GGpov80LPa3ggF1J6CFFR0gDbxiW8BVRrRm2aR1"
    "VAcwcoE7u75OMrUP3rtIHonkUUXWj4qmEUTy6CVqPU/y6Jm5riXKHh2F6eqvhQX3B8fE6g"
    "b1URJ1z5sGrTsnXiH0EWYO4fmO6bm1qJTIrx08v8YW1P81cLHyJiGZEw7+ybh9mvF/+OID"
    "uqEqaTsW+BhvJE6IMMSnAfhY+a8XmKCc9EaT1qg97LRYUtLBgaevTXGrP+m12eWZQScxdq"
    "Xdvxt0m50eu6gaS1OnCipLCpP9HMREntP3wru4jhz5A7gS5QyTV9BzSDqMvsaeEFlolvK0"
    "j9bjfQjNl03zO+1REmmaaqRpyvmtZMME6Tqx734bCc+VOVzSjiTWW02RUmwbzfFyf7iaQU"
    "d1+vaOuUmJO29lZoKi81uenJBsRkW2pof6GALLeGIFd8CrTT9ngBgmUs/AOg32+gYsaCvj"
    "nkB85uVvFhC7m3+IwQh0xLFmyfTQwXvnpIe+x1JibtfsH34G789YAum712QdT4smA+/dan"
    "xYXYnaxCWtTSwSUukKqmZqQiSkXqLW8ySkNrNxQun5okGRDk4YEELLJdQQ7bVoTKhzdyfd"
    "dij0NyDoY4pvm53uHzdAU5C+YttupC/szycIH9jfPekrqxSCWXH/csR//nIQJPLCcCxbpp"
    "qxeDs9Uj9YrnDad1tL/z/yHXK/wQ34H1/zvjv2yaVqBPK4qfn0AblMdqGNgtqI2Zz5GEtR"
    "oZ1Y2KVbug7MbA/5QYWgTcgJdDnohr2mnMCGRQSm2zcORD3ZPXcPRBmlFQM67x6CxKfLJe"
    "smx/EB8B37/dQU2vDHux3VEF96T1xDFXtqimx0Kedjm55SOW6M0jSp5WJ7L84JTW5un2VH"
    "JKMNt5cQ1zTWHtrUrQFLxyaePwNs6NY1Asqc4gleUa9PW+fAz4K0NzkD9IUcRecQ1A/Yr6"
    "Cml4uarniq5ccGUjhoG5HaVTw5TnXWlF3oWcfZ7LX9vGxTehzjXBBnIJz7EKf0ff7phzhV"
    "ka966g3+In+QPtarGUlOyx8UYKkc06Ty3ASOMRX4D+lmVOCqbDWg0pUszJZymS1iAnopE5"
    "BIYNZZ63kSmLbucOrPpRvPfvvaOSdHOdK3/Lu8qr2LLvxkCZiz/JOImPBRcvkoglNdYl6n"
    "KOly/JIurq+zW0GXcKYipZxL4EkdqJiLV5qL49UFNbvSvbqgPJjw6oRXJ7y6ktr3wqt7iV"
    "rP49WJIvvH9Dp0Y27IjlWoEE1Ypg5VjxMw58Q5E+gE0qaFloq1YjjyTn1PhzsheEIf7z/e"
    "K9cX8OOxXL2jVzdwy0HvhDpH9JS4n787f39+WVXc7w2D8Fh16WGMjYSIYBQ/ZQDSt7QKn1"
    "EcE6sB8CdYMNegFa7eFper38J5FEqMbahI0WUd4YdC9a/icqICVvask7MC1k5x00j54J2D"
    "pvmJqiX7SnJVChDnvT5fqYAxZAxUN0aZpI34984ymSPhVlvZt+MFBEiDmCCyAsY9UIAv/x"
    "tAxAbuaaGsgojNzgz1n+ArtBjBl50NStyyzsCMajrCxD3Cb0zxA4SmDSx3JWNnnrLaQewk"
    "UvC4lkMEPCk28E98dhukVxLwDQ+foO0O5Hj9ABFYFYHVUkxNFQ2xicDqS9R6+QOrz63X43"
    "uKkWWNi/P2kgrxPsqMfd3OM3UsixVIXNs2BYwNjuTptuO+L7XlsYH3UbEQe89CXn1EqBwu"
    "Pfu9Srv0ES9UcQduIdM6IiOOq9u669zDKwlw8R3RIaezWgjn3bkbGVoRKtGQGj/DTnuc78"
    "w6dYF0zYKcObxIYKV+eEcnZG+12jP6FIsklMc6qUYIyoctIxIVQnZ7QCpsgxyW//Y9EvTy"
    "f0ZEb54zelPcVH0WE7X0CIfTT46lcry3jHPBA4ky+2qlTWWLAGT62K5mKCpPADJYrorVu4"
    "pKiQlsu/MRXrNP536UDeS8/kdsgJWpdFA4y8sxFmNJ4HRDMZZDPOoeie/h84LY79oLNlsX"
    "q/0tjESR4hMrrEjxvXit50nxEUT0gicUrgVq4bzE+Im5knwXGUm+Cw4d1Fkycn4hD3EjUg"
    "PK7akdxJmhFULbby+gLgy1aSHDQmTn8wDC8ieEHxvWUtELKqHR6w/vml0KvSs9xZ87v3++"
    "AQs0X0xxe9gZd9rsLpUg1Fz2en/2FHUFD+/ULOWeFNXN7bD5aXwDXNkp7vTkofS1I327AQ"
    "jLFnxE8GmKm4PBsP+Vnc/psw+neNT+LN1OuuyirS6g5ujs6mDS6nZGnzu932/A2g2hSgyu"
    "s9bry6z1p2bH7eBeQa50u9lrS+4VlaFKr5VjLIQcqoIGXlRSnP9YHnsuacbbzmyJyG6GfF"
    "xWaLrMmvZnsR0UHRMVei6znoOlZveZW2i6Epr27YVdIm9RUaHnMuuZWYqOBeW0at4Zm6AT"
    "knXYJXpqtzVY/marYvnEpKCgMyYpEXTsL4yCRz5FZASoSVDdImXFMA2LCEi3Zr69IZjEt3"
    "Dee0DfQkWmUqOdyGexvHfkc41kvekTgN6k222kzbgC4FwAJ1aaHCgHhQz3xDeomVhPbMPz"
    "YgqqeTjjVA49QgvtW+v11utnVcH0WS7aOHyErPleGEl4rszhknYkPcJK0rbyQfXTpANqeQ"
    "C8go7qBFUhulRo8dEh78hjH88+hmOD/mc7qk2/o3rMi7+SjLLYqYyHKKm887GMlSqmHLxl"
    "vIxyomxLtJhyuFRyvIxystDyQYopc+JOqeV3Cmt7j8MiK6Xv0HsW1Hj0sMmddR4637OA1j"
    "MZo4EhwqGLho2UdK6oFm51XKJoEqh1tpq2DNNIMfxJZIUwoi5xuaTsNrOtESu2toS2TcFg"
    "PRQjmbbQ/KXwTP92fn5xcX3+7uLDx6vL6+urj+8Cxzt5K8sDb3V+Z074WTg8J9io+yiomr"
    "xEwUZ9iVrPw0alc/LSNAjE6spdEBOqT+elckRFfe88RWgsqCITcQsOZJ0qGxKqIRP4WCW+"
    "K8jHMyHWGHDFcG8MpN6tR6Dz5Kf4fybShLHi6G87LvfOb2H7LeiVsfsnmeJbqdv5Kg2ZwN"
    "qq5HHtbqWm20Bh/U0Gg6E0GrlkvvV55+7vfOkMBu7FB2SaZWHjrU1SzlgYLRVdT0+UheRO"
    "t5/x3XFNzIvz6w+BUcn+yDIjR3fNbjeZIIsb+gXNBo64IFGUx1RIWoi6YhMZWhYvZZdOoI"
    "hKCfJEcfKEC568QDYxeLta0ktzJQRFea5s5exSnosT2Chg1qWI1+Ezidl3V3kWdNoq3bq7"
    "4pwlgndZeUJiYsUp84oT2KE7KDkuKzRdZk1HY/Q56VZRIVFrhENiSwbtc2KbFBT48opRBc"
    "cGF4M3ISfogin1aIvWPo0KCVi3Fz+NlpvZlym433nO5VhSt1dBTcyO/EJEnCXuABjvkfKv"
    "CL7RlX07tpvp9ADwjiKdVWuuyAtwYv3JQXZdz6wHQPjrpqd6whtdhPagvAoqZxbsR63/G4"
    "eNw9HhIJtO1YFBYxkGrbceTPUjtNT8AMgGqmEiqIF7y1i65zz5DCB2QJQJrTeh9oD5tcB2"
    "GdMAQyqFDfAvA+G38YzMEX9mN2qRobonNmgBgcj/fZ+jxYa4IBCVk0DkApjAP1/G1Zctc4"
    "q7sU6V/hFkSldT3B9IvRtgmBBPcbvbYeesqHRQP0xxqz/ptaUbMDMc+sb0bv9u0G12WOZV"
    "NVg1S8TSr5PeaNIatYedFm3q4GCBLkfyNPw9JjSbHYiLidaQH1SnQByy5aWiLhDmfMEtw9"
    "ChglOm0IhgTMszKnksxQZXTqvZVr/fjSi11Ynn8iZ3LYl+Z642aSNEIvNnyJqARGGTaZHc"
    "XlimHGm9yh+kG+NoQbRbqZeYaA3nu4ryIfOwYGNmZn4LMiZYp2D5SaxJkbIQKYuKgpsRWw"
    "9vz9kzZlbDTctnsahZbA7dHvYVqYvTpC5EeP1I4fX0EPAxI5tN26YaW6YENUN3z7LimUq0"
    "3YFPMoOR/fShAbjXcWYiBniqGKA3OnarlRkVFQ5UlRyozXdbzLpMyAnbvXS2e93RfS6+UR"
    "1xzXCKokv7ntZkLevuxM3JxOS43WR/DrJGVeHNYGuUzB2qKsLZ/tAzn9sXmkJ4HI/IBJNB"
    "74i2O2YtlkIuz0vxd8ThfMKPEeVQhNb3Kofi/j+h7/Ttm377MrOV8uv1+KVPlpA+gspHeD"
    "s3bCN9wmocjNEls14bxWBvMEKYPKSD2mOFuX2sqWHryy4/bNP3s5O8Klgr5QBnlw0nvZ5b"
    "FcVyMHarorgEPWnsHijGCHrUTC3xKWMUd2vH06cikmKDbHkWJk5clUK4i47DckLDZdaw4L"
    "2IbY8lD+Pk5Q7k2dm0SR/vub0pmq+uCfK8WO6eONUvjnvU7V8+XJyQYAjJ9HhgKAB/XG6E"
    "+3B7sSJEiHDPEKEIG2z8m1xhg/cZYYP3ybDBE12MFxzTN3XgbgROZwq9L/XgDe3OQ0QvNF"
    "oDgfpVJbvINVovMkbrBafkrLNcKjzOb3qRxJBIHUDOcsuOUSFxZmiF4PbbC6yLY41s+Qlh"
    "zMt9b9sfuJET2wMLbA8UlDpBTiqR13W2GzkpT0zgGQ74K+dsnh0PEKGTTKiOunXCPZCOt2"
    "vCP6kuY8NE0OS4BzVtEnEhAkqxWikiIrBnRKCCqdSDHTuRPGaCf7TEoDkcd5rd7h+yf8iE"
    "qVgEKbq+kv3jJqLHT+yScD2/zENjuExnMVzG/TtBCEuHvprUoDyEsHtk2UTepyI1vweRlC"
    "1zUjbgf+zytcdkhaZLren13Dzj1/5IL0IelxNlESpQ06PyxmdGCGMzIg8QwhjQN1GRqeSJ"
    "z5VsEOcNYCS+4ANs1s/JM/FPQj8Ny6Ss5z3vzzHZz6eHFlIXDZ5T7905y/TqN23Enp8qza"
    "BnGe47NdBt7gebniUNidQwrX9+dZXHjb66yji+6SpxIiP9qAogvG5eQ3SPQpqgv0i4aYz0"
    "opIhkdPXlHweP+Vg1SMTBtkpN7P++n+WUXKy"
)
