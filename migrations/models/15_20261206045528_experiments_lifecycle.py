"""Migration 15: the experiment lifecycle (seed, holdout, test-then-send, decision),
per-variant tallies, and feature flags.

`variant_tally` holds signed increments per variant. Exposures come from a statement-
level trigger on `delivery` updates: a row with a variant that moves into `sent` or
`delivered` from any other status counts once (a retry that finally succeeds counts
when it succeeds; `sent` → `delivered` does not count again). Conversions are written by
the engagement recorder in the transaction of the event batch. As for
`delivery_status_count` (migration 8), whenever the table's ids cross a multiple of 64
the inserting statement folds it into one row per variant (never waiting: under a
transaction-level advisory lock it only tries, and only at READ COMMITTED), so a
read-out sums a handful of rows however many sends and events there were.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


#: pg_try_advisory_xact_lock key of the fold (arbitrary; migration 8 uses 8_217_400_001)
FOLD_LOCK = 8_217_400_011
FOLD_EVERY = 64


async def upgrade(db: BaseDBAsyncClient) -> str:
    return f"""
        CREATE TABLE IF NOT EXISTS "feature_flag" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(64) NOT NULL UNIQUE,
    "description" VARCHAR(500) NOT NULL,
    "enabled" BOOL NOT NULL,
    "rollout_percent" DOUBLE PRECISION NOT NULL,
    "updated_by" VARCHAR(200)
);
COMMENT ON TABLE "feature_flag" IS 'A flag is on for a subject when it is enabled and the subject''s stable hash falls';
        CREATE TABLE IF NOT EXISTS "variant_tally" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "exposures" BIGINT NOT NULL,
    "opens" BIGINT NOT NULL,
    "clicks" BIGINT NOT NULL,
    "unsubscribes" BIGINT NOT NULL,
    "variant_id" INT NOT NULL REFERENCES "variant" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_variant_tal_variant_7d8f77" ON "variant_tally" ("variant_id");
COMMENT ON TABLE "variant_tally" IS 'Signed increments of a variant''s counters; the read-out sums them per variant.';
        ALTER TABLE "experiment" ADD "coverage" DOUBLE PRECISION NOT NULL DEFAULT 1;
        ALTER TABLE "experiment" ADD "mode" VARCHAR(16) NOT NULL DEFAULT 'simultaneous';
        ALTER TABLE "experiment" ADD "decided_at" TIMESTAMPTZ;
        ALTER TABLE "experiment" ADD "seed" VARCHAR(64) NOT NULL DEFAULT '';
        ALTER TABLE "experiment" ADD "test_fraction" DOUBLE PRECISION;
        ALTER TABLE "experiment" ADD "test_window_seconds" INT;
        ALTER TABLE "experiment" ADD "minimum_detectable_effect" DOUBLE PRECISION NOT NULL DEFAULT 0.1;
        ALTER TABLE "experiment" ADD "created_by" VARCHAR(200);
        ALTER TABLE "experiment" ADD "decision" JSONB;
        ALTER TABLE "experiment" ADD "decide_at" TIMESTAMPTZ;
        COMMENT ON COLUMN "experiment"."metric" IS 'OPEN_RATE: open_rate\nCLICK_RATE: click_rate\nCLICK_TO_OPEN: click_to_open\nUNSUBSCRIBE_RATE: unsubscribe_rate';
        ALTER TABLE "variant" ADD "position" SMALLINT NOT NULL DEFAULT 0;
        ALTER TABLE "variant" ADD "send_delay_seconds" INT;
        ALTER TABLE "variant" ADD "template_id" INT;
        ALTER TABLE "variant" ADD CONSTRAINT "fk_variant_template_exp11" FOREIGN KEY ("template_id") REFERENCES "template" ("id") ON DELETE SET NULL;
        COMMENT ON COLUMN "variant"."send_delay_seconds" IS 'this variant''s deliveries go out this much later';
        COMMENT ON COLUMN "variant"."template_id" IS 'renders this variant''s channel type with another template';
        COMMENT ON COLUMN "delivery"."status" IS 'PENDING: pending\nQUEUED: queued\nSENDING: sending\nSENT: sent\nDELIVERED: delivered\nFAILED: failed\nDEAD: dead\nSUPPRESSED: suppressed\nSKIPPED: skipped\nHELD: held';
        COMMENT ON COLUMN experiment."coverage" IS '1 - holdout share';
COMMENT ON COLUMN experiment."mode" IS 'SIMULTANEOUS: simultaneous\nTEST_THEN_SEND: test_then_send';
COMMENT ON COLUMN experiment."seed" IS 'hashing seed';
COMMENT ON COLUMN experiment."decision" IS 'the read-out the decision was made on';
COMMENT ON COLUMN variant."position" IS '0 is the control';

ALTER TABLE "delivery" DROP CONSTRAINT IF EXISTS "ck_delivery_status";
ALTER TABLE "delivery" ADD CONSTRAINT "ck_delivery_status" CHECK (status IN ('pending','queued','sending','sent','delivered','failed','dead','suppressed','skipped','held'));

CREATE OR REPLACE FUNCTION variant_tally_exposures() RETURNS trigger
LANGUAGE plpgsql AS $exposures$
BEGIN
    INSERT INTO variant_tally (variant_id, exposures, opens, clicks, unsubscribes)
    SELECT n.variant_id, count(*), 0, 0, 0
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.variant_id IS NOT NULL AND n.status IN ('sent', 'delivered')
      AND o.status NOT IN ('sent', 'delivered')
    GROUP BY n.variant_id ORDER BY n.variant_id;
    RETURN NULL;
END
$exposures$;

CREATE TRIGGER variant_tally_exposures AFTER UPDATE ON delivery
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION variant_tally_exposures();

CREATE OR REPLACE FUNCTION variant_tally_fold() RETURNS trigger
LANGUAGE plpgsql AS $fold$
DECLARE
    written bigint;
BEGIN
    IF current_setting('publishing.tally_folding', true) = 'on' THEN
        RETURN NULL;  -- the fold's own INSERT
    END IF;
    SELECT count(*) INTO written FROM new_rows;
    IF written = 0 OR currval('variant_tally_id_seq') % {FOLD_EVERY} >= written THEN
        RETURN NULL;
    END IF;
    IF current_setting('transaction_isolation') <> 'read committed'
       OR NOT pg_try_advisory_xact_lock({FOLD_LOCK}) THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('publishing.tally_folding', 'on', true);
    WITH gone AS (DELETE FROM variant_tally
                  RETURNING variant_id, exposures, opens, clicks, unsubscribes)
    INSERT INTO variant_tally (variant_id, exposures, opens, clicks, unsubscribes)
    SELECT variant_id, sum(exposures), sum(opens), sum(clicks), sum(unsubscribes)
    FROM gone GROUP BY variant_id ORDER BY variant_id;
    PERFORM set_config('publishing.tally_folding', 'off', true);
    RETURN NULL;
END
$fold$;

CREATE TRIGGER variant_tally_fold AFTER INSERT ON variant_tally
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION variant_tally_fold();"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TRIGGER IF EXISTS variant_tally_exposures ON delivery;
        DROP FUNCTION IF EXISTS variant_tally_exposures();
        DROP TRIGGER IF EXISTS variant_tally_fold ON variant_tally;
        DROP FUNCTION IF EXISTS variant_tally_fold();
        UPDATE delivery SET status = 'skipped', last_error = 'experiment downgraded'
            WHERE status = 'held';
        ALTER TABLE "delivery" DROP CONSTRAINT IF EXISTS "ck_delivery_status";
        ALTER TABLE "delivery" ADD CONSTRAINT "ck_delivery_status" CHECK (status IN ('pending','queued','sending','sent','delivered','failed','dead','suppressed','skipped'));
        ALTER TABLE "experiment" DROP COLUMN "coverage";
        ALTER TABLE "experiment" DROP COLUMN "mode";
        ALTER TABLE "experiment" DROP COLUMN "decided_at";
        ALTER TABLE "experiment" DROP COLUMN "seed";
        ALTER TABLE "experiment" DROP COLUMN "test_fraction";
        ALTER TABLE "experiment" DROP COLUMN "test_window_seconds";
        ALTER TABLE "experiment" DROP COLUMN "minimum_detectable_effect";
        ALTER TABLE "experiment" DROP COLUMN "created_by";
        ALTER TABLE "experiment" DROP COLUMN "decision";
        ALTER TABLE "experiment" DROP COLUMN "decide_at";
        COMMENT ON COLUMN "experiment"."metric" IS 'OPEN_RATE: open_rate\nCLICK_RATE: click_rate';
        ALTER TABLE "variant" DROP COLUMN "position";
        ALTER TABLE "variant" DROP CONSTRAINT IF EXISTS "fk_variant_template_exp11";
        ALTER TABLE "variant" DROP COLUMN "send_delay_seconds";
        ALTER TABLE "variant" DROP COLUMN "template_id";
        COMMENT ON COLUMN "delivery"."status" IS 'PENDING: pending\nQUEUED: queued\nSENDING: sending\nSENT: sent\nDELIVERED: delivered\nFAILED: failed\nDEAD: dead\nSUPPRESSED: suppressed\nSKIPPED: skipped';
        DROP TABLE IF EXISTS "variant_tally";
        DROP TABLE IF EXISTS "feature_flag";"""


MODELS_STATE = (
    "eJztXXlzIjmW/yoK9o+2IyhPlV3XuDc2AmyqiykMXsBV01tMYEEK0DiRmDzsZmf7u6+e8i"
    "BPyORMsCImpsuJnjLz95TSu9+/S1OuEd28qNgatRp8XGOWMS9do3+XGJ4S8Y/kAWVUwrPZ"
    "4me4YOGBLikwDO3rfCyHDUzLwENL/DDCuknEJY2YQ4POLMoZDK/MZoRpbzjT58ggQ25oiI"
    "8QeSbGHJkWtsib4QSzMWVjJOYRRGU04gbC2pQyE2GmIcqGVCPMEuTPlLyYF3BjjQ/FnQXV"
    "Du9hM/ovm/QtPibWhBjiTj//IS5TppE/iAl//hSwGOLXvjWfEQcl+SfVSmLkzxIfDm3DIF"
    "ofW6V/AO3sqT+iRNdCPBCjxU/yujORuFal4zqzvsix8LqD/pDr9pQtxs/m1oQzn4AyC66O"
    "CSOGeGO4g2XYwBBm67rLPI9HzpsthjivFKDRyAjbOrAVqJ0HWFwr9fvNVrffqXX7/VKM5R"
    "5FgEPupSFnsFzEo5oSgDE8wpu/Xl5eXX26fHv18fOH958+ffj89rMYK583/tOnP52HWaDl"
    "TCUxq/9Wb3bhgbhYk85qhQt/ShpsYYdKcm6BvlgR3OjLv2JcuJlgI5kHYaoIL8RLRnnhIb"
    "+MGd6FBTcW35QPvTk3LTIt7YolU/xHXydsbE3En5dv3y6B+3ulffO10j4To87DoDfdny6d"
    "3wD/EN7wUPmwdin2h/Mul30I43eZMH63BON3cYwju1JWoCNkJ4j2hyxgf0jH+kMa1El7+E"
    "qgEzfyU4D54/sMMH98nwoz/BSGWSMWpo4kEgb5b51WMxnkAEkEYo0OLfR/SKdm7Mzc2j79"
    "nyObyX0LDWyqW0LQuIDb/teudu4lgANEMPPUNP+lB4E+u6v8PcqDm0arKiHjpjU25Cxygm"
    "qEIQYRYJh5F36Yaq2V70oor2XhB0XIGNC3AiaLTkky2BHS6Efg0l54/zjGXccgWGsJsd9d"
    "F0vA79bvap1u5e4+9CXcVro1+OVSXp1Hrp59jDDKnwT9qHe/IvgT/U+rWYt+MP647v+U4J"
    "mwbfE+4y99rAWEbO+qh1pUTBICZtLXlaoXBElWawdH8Gk5+sHlu/ef3n+++vjeVwv8K8u0"
    "AUfyB6Vr9JQu+Mfh/cINQsfsG5lLlOvikTAbJglEru58b4D2OMP68SH8p7eEvKuLRzTwi6"
    "+qhlaWAEC8NrEkBOIBUPOh0ShJoAd4+PSCDa0fQhx+4Zc8csUfG/9pejmNXsEMjyU88B7w"
    "1DHsE4waIcakGzRmoWGrDRpoRgxTnOvcQCYxnumQIGuCLTTh4omRxZ8IM39Fj/Awj4iKKx"
    "OC/vajix5Ne/CYYLzYfL7VhopctofXYnjYaGMpLzEpDMWxZK11ZIcp1Yl9TCe2PdPW5HqY"
    "UnG9KFz3MAqw3X36BdfzGg63azI87Da6e2OhRs2Zjue5zbNRuj0aaI/YNEummOp5YPYJTk"
    "+Tv7rMArAYlQqw/C1iNOF6yjKuMXsa0zfCphOXdo9LGVxhxMi5oEuV27t689rxrvVY7bbe"
    "bbWvEdGo0CF6rF37Xq/9qIkrjquNiGvelcD98lrRP2YxokePiYAN/WOUVdTsg9/hOYFfVS"
    "5YgVmKjByki/BqIAh3xSxv49+vabHaajVCB3W1HnHANR/uqjWBvYReDKJWyC8XMKRLRaf/"
    "jHUqJKGRRRJ08+ViVPIMWxCn9rNRuc8vVDzTJhoSGqDQCAdkxA1QCIXiN+VTcFFj8bdBRr"
    "ZJtJgyGZ7iTKqJFFuP55mm+1UooBYazHtMfJtiJl+B7jrTgqd8MEcakSscS+v2mVCs/yJ9"
    "59SaX8zmZdSuiR2ghnolh6pXkqzPvqYKLgE6gn/MrpRu/whYnGTohIDKoCTBlVF1yb98ax"
    "Mdp/g80wI2CrGENzY8hU2gs5nBn4VeNLMHOh1KRDaE7X4x04mCprDKscB0Ylibfogwxwnh"
    "s0trrRB0GSOJtlrvp/IyS+0wMGilnbbJ2RuTDA1xoolTzRJgmEgXchmiDD2K9x7R8eOvrn"
    "m1jJ7I3Dnf5IU3A4IBPvTQbpjyhHwiMyt22m7/Fj0mg9iwicS5OxEri/xhydmc2/QXVx/R"
    "mUkI0rhQwdjF0JjPLH6OTI4wArvkAJviR3s66zGNExMxbiEhtD6B9XiqjMbKaKzMh8porL"
    "iujMYnaDROD3tcbWU7htjHUu2uUm9cI2l97bFOo3Lz7RqZupDReuy23rlptW+vkUZNiITv"
    "sR+16tdWS4x4IYMJ52JMu9O5RoZpFsPS5ghKcYalR/YtKFRgX2jH20ZgX0zSjHOmK64mcy"
    "aR+BScA8sOn9rfu8u54J89jVbzN294lDURLljYshNU02y72IJ6j96Chdk7l7fgplv/XrtG"
    "DnWP3VceOjWxfc0wWCTlflapNmrOhgbPFzN6HmbXciDuCxnFTMpmWPKJRAnV55H/8wBk+j"
    "qdUqs/I0ZfbDucJSilX3SOU9iQOkOEHSOY4qQYctt6EB8Uum/XbuqdunuC+NKx/DHsq2nX"
    "Ko10/Ae2YSacEan2gCRSFa0a94cNDMy0fAHAQRIF6coAYAlXwqaRNwC46s1zXOhmDf4Nrq"
    "rcwb8Bx4RBRsQgAskNLe4dewDvOyDGvT9lcZSz7XooxAsLqWhzd+GtM08WT+HR4LShpyKr"
    "y+wOs3mXw/9nzQfI5TcrlnVmyZ4g364fDbEPv6sBC5Fo/ijXYeOgyg3Jlycyj4Du7i0+59"
    "wRLrH7qzUxuD2eREkDLqHQ3nRT6dxUbqUg0496Gf5c6qRabC+lBD9V4NfyMleVGR630lvV"
    "Jli8iiCGAAtp2AFX0V8gZGMu/oWEOkEMhnVENXQGxQuGkCIA3iTXqoMguEDurufxHIOtz6"
    "6cR8p5dCTnx5G6EZTz6DVyPYvz6MBR2gXyHu0kRts7C3NmtkfITg3qnTjqDusGPfVsDmyJ"
    "RxjYVpLumO5bC1Mp/9rW/WtwoP4vZ/kK8wRo9rj4H7o3+1n/2y+bofMhTsu1ScZ4QbFHhA"
    "nbD8C78n+9QgflQ7PzUO3ctOtVcErazNf0tR6rth6aN3B5wMUmBlduWnf3jUq9CReHfDrT"
    "BYOK4sKE2xFm9cfivdg6qmMC/dFk22zFtVlszSGuMHoce6HWRDPwyyZcj86hOF80zq+Vo6"
    "TcNMfhpinmt7IcJiLOiU3zbWpsjMcEMhdrMNuJIoVNk47ZdHO4Kv5Ep/Tt7TJJKXHfWuoJ"
    "Cu9vWXxC/VmYZKV7qMUIMvgLlIpCZ4t5ysjiMzosI9cNdn6NJmIUH1mElR3/zYQwmfxjcQ"
    "igs2xjEHcPbX32BPfQz4hLTE4N//A8eP+IOJB+OkNce1rYGTiSdSTZcK6qahe0qrZySKUz"
    "6DhdE8oh9Rq5nsUhtdiNY0zPZg0KTbBHgxCdTolGxax5bUL1u7vabV1Af438OXrstlJv/H"
    "6NNEz1OaTd1L7Bny+EPMHfzdp3qHHDoC1FMew//7IpsfoTbhtmX3DGSMr0SP1gE4nTvtuT"
    "1P9D32HiN7gA//N50ncHn1wqR0hSbGo2fpDESHbFjZzciMic2SKWwkRrRWEX7ujacmR7QA"
    "/KBW2MTqGbWEdroTVlBDZIojBdnTgQ1mQ3zB4IR5QeGdBZcwhin25isG58HW8B3643z4lC"
    "G/x4V6MaiJfeENdAxZ4TRTZ8lCdjm+5S2aWN0lnTCUZJf7GnWyH972ql1TEdUBX+rcK/j+"
    "RjP1K7i7K2vUauZ7G2mbqdUCwlPa7NG39ytYN20jmx+CHJxx3yHXyyGMzpRTMiZCcQAL6P"
    "ihkqAKjAQQgq/3j3+cdS11kv+zioVqfkHvua1JYyj506EglanV9gIl2r82tZZIsl0SGn9w"
    "xuUxb/HvMyEnst+A6gMzq3IPbDJGIFwH/5kGId6ZQ9mefIFCchkVXgnfbqAXtCLKRk2zfp"
    "MdkXzRRQDy0TUetXhFGAIWiK50iw5En8ZCL+wlSqstJVj+moOVKtRemqr5HrWXRVVed2l7"
    "oUnKl928iVCx6kOYXCgzGYM+K8FOgY0jODTrExBxyTWganwx0j3KPm+h/v8Kcr8nlXCuzO"
    "EwxlRca1UE8g3Sful28v312+P1bcHdE8j3FmQaHsMvkL/UoNKHeDywjZCQC/hwPTBS13AZ"
    "Uo3ekdnDuppOIo9X2p1MfhTi9BEaVTRSiW7zoZi1CsZQ0OVfBb2xScPVakYF9JpmQ91XLt"
    "cNl6XQI1FaTlNR4M4/1WXhoPExy10njanRDkdbtEfIQw8uh/lVZH2bALknhNaNvlPcF3Yp"
    "iwmZgcSRNmyGwZs53u4B499kTIzESGPMmg7Rik70MzMPTs0lELvWATeU0X5YD0ZD5P8PBi"
    "pORCLks7+xRbsWQ+ZWJVJtZCbFJHamxTJtbXyPXim1gPzdfd64yxA26N/MboHEXG/sSai7"
    "nyyJqMW1Dv0cAysaZ6Tj2z9LV7J3gGlD0GdqdrKSSuZh/ohtfon2ZcCj0Mu4a2YUBxKVco"
    "zSEbJlDuL5XpXaEFxQW8z9ig8J65zDEhomLYYuB+R22LCZkPsFy4uTShEI1q9bMyY8/BKw"
    "5w/myygLXguBDOmvUUWlqhyLa2kFXb9Ztutn4/wwnVNYMk7OF5LGKnh3d4Q3ZOqw3NhhET"
    "UHGEyS2DBQfRxhXRvjuzFGZBlRybnImsCTWR+46/mF7QI4LHd6x1mHEwwKGgxbLgZllvRS"
    "6xzgYW7WojbVC8227+4s+QIdi7jbJjHtKOmV8LOIj0X3iEgy5Z2xgm2DGWtKv1KYpstShs"
    "eIfSuAqocSn/SPqGc5yW8iz+EV+GyFcbJ0ylTpXVynZQkNqful00kDPXbwkvsCKVGQmGoy"
    "RI8JFolXTpPRLssNPCIz+DvUXgvuak7wUkKMldRSAcfF844RNWRSCcGtezRCBY1MrXacsn"
    "OAmNMhJInSkG4WpJDMJVQty6PYUsolxq+4LkBHID9q21D7iWC21vvII6N9Qzg3KDWmvXDg"
    "/S7xF+BpEhucM0mq32XaUhoJfUPfa1/tvXazSh40mP3bTr3foN/CooLCEux4oqHCgP7/ga"
    "/WkGHll5eXPbrnzpXiNJ22P1Zr9d+16v/bhGlPUN8kzJS49V7u/bre/Qy88Lk+6xzs3X2u"
    "1DAy6awwnRbB2u3j9UG/XO13rzt2vkqiGCif51GO1ehtFfKnU5wQhTSX1Tad7U5JUhoCqu"
    "FWMtBBSqnAJemFL1iiuOPBcX4017MKXWeoJ8lFZxusic9naxNRgdIVV8LjKf/aNm/Z1bcf"
    "ooOI1tjUKhPSGymFxf89NOmUNxvsic9yTFdWyuYVLF5yLzGXQE24CPE5v5iqjGKU+hkMG+"
    "DRaOLijYk+TgTAc/QqaQz4+87ykdTjhNLE+bHlKTRFuMyJqjryuRyKK14p6SqRWbdsemGU"
    "2KPc/AIY9wI+Ycz362Ey74KvRgni8mKU6oUoDisa5CiprwnC3mQjQK1Dioss50PkyDJArS"
    "ldFzzhKM45s7du5evMWQzvAJlV0qR2LnQp9rKHJOPAFqPjQapbQdVwGcCeDYSZMBZb8W/Y"
    "b4+mXvTxPb4L6YgmqWPEtBR5+JQTdt13HrzDPflVB9AMRDq5I8k41zB2tsjMdkKiaqPZNj"
    "PLuyIfXHTKyn6Rbg8ic6pUWVK+I6cPboJKnDuodni5EuF/+3GtWKN9GJLL14UHqkCew2mu"
    "Ks3QX2qNrh+G8ZbYQTK1EZbocTbHYTbYQTb5WzlXY4CQ6M1FKjubm9QW/ao+J34D1zcjzc"
    "23Ztngfa/+Tg+tKkE18OScg4Ccoo6ekmWnDUbnNN4kC5AW9iZDAThZE/rD62wHxmyXQU+B"
    "lEawqFpafENAUYMEO+PJUqHb+WVJW/Xl5eXX26fHv18fOH958+ffj81te74z8tU8Cr9d9A"
    "By8HTXYqoWUTBh1naoNKaHmNXM+S0CL25OmMW4QN5/JAjLE+PbUlgVT1MspSZtMgQzqjiT"
    "W60tEOEZ1gMtGu2hkdYUj/jDANgMuHe+m+1rx1YvAd+h7774faAwTWi3vbMnzfG2F6I8SV"
    "rvzT6rHbWqP+vdYGAleqTArXv61V5AAM8z3c37drnY7MB7BnM7EtmfI+3+r39/LiE53N4M"
    "rXWkP8OfEW9sGD+3XM1q5w69HucUUMbP0p73KoPjS+XSOg7LFKo9YWfPbNMnkZ8DkD/p9T"
    "4f8cRd9VDhK+ys4U63q6xzJAt7/iFG93K+xfXX766Iv38Mcygb5zV2k04p5KnWAzudbHw0"
    "P9NhnMIE0ETNum2gVQFsbyVoLuDUMd0ymacB32LoS9XQwZQrTJhPgSYJ1UVWcLCYpYEoUw"
    "2FH9Nqe0nECuglCLIyHHFSMdm1afGEaSozo9BjJMpUIg84dASvD6E2paPCkfPD1wK0ZYjK"
    "i6kyorlmTPy6HNpJCfwmcSUWs+ZJFdxah0peZDQrtQts7JEyBTJ06RTxxf/VqDyVFaxeki"
    "czrsmsoYZBgmUlX6EkI3476qjNjGCRW+SbV17QE8x4DkjDmO0akg2ZTOJXm7ZISJFKyr22"
    "SECzVuGh+bq5tp0baHrGGc8d0xuYRnwhG3BYw3iHQ5EnzDJ/tqbBfb6Rbg7YQmO669IivA"
    "sfMnQ4j386KJxoYIF60dx9bhDR9CGwR6qwDmQ3Uz8cLOOtLzecNtedvU6LTgsHKWQLW+41"
    "IVb+WRrOxD3REfGdFkk5gxMZHFZS9nZk/FZww9oxdZAWgmrjg3KKMXA4ozMTSYy0tyJbzR"
    "xcqKFZvb/h16TMw9HkOrG87Qo/fyj+hsSseGXLjo8znCTEMjrmvi3oK9XIwl4M0I3AQJzV"
    "EOEw/ELnqsx35M5tdIw+ZkwAWzxVM8/mVKxN2G5qMc6N8MWCOuvYgPUr6OTjTxQNBtB6A3"
    "vae2zR4jMB6NyAsyiVhuMCtMhdFv7dbDPar+jrgYgZxh3vxoLB7VXDTXduYX72PAOPGs0N"
    "vbtKcAIDyUhR+DL0b+ZQt2O/27/dtQJm4snovhmTnhVhkNyBDbJkEEDyc95jAIUdOHXhDA"
    "vcUKYiZ2DK5yRp+V/oNdoDY8LjaIgFmfy5fpMcpMYogNAdCAOYFjZxIP5IY1nZehzbhAxe"
    "266A9zRr1gasE7yydEsmlRj4k/wUOu8+ET8B87kIvRArFfBcYEaXwqvuiLxcK6EM/xTIfk"
    "Ivh9mGlNySPBmSqQspCBlMtiT1L04wPEm+zNFr79MA65q+Rb4T7JKdl19rDOY5p0uhi3S/"
    "EkKtQliCYJcl+6WEL8wX3ij14pkTwGFGH31F2obo/yjBnyGRXHysjgU3kI+aemOEzA7i5O"
    "ASlPMCJGMR4TSbZ/ix77JxdHDpzFmj0jELMp5BFyMb4Q06NOs4NcZxyi2jma4idBipFBZj"
    "qeywksOnIfSFxn/A2fZTyeknIH+FCep5qfIeALiG4SBnyXTmZBTGcLkqqjr5BH36EcGwVT"
    "4bZtGpZgJMoTq+MWPdoiSxYlNwj1dz8Gde4Hpv7eF/+oBH4B6wIWv7fua81rxGdEaEc3jT"
    "o0gR+K3eapx6qth+ZN7RoNhDA9JD3WaX3p9r2LJh9Zfe+Xm9bdfaNSh2jYIYe6PxRCYh+a"
    "nYdq56Zdr4rxNvN3ouhufRjpJ7gPxtbEci9xhPQEczZOyUtMzf5UaJc0KWa5yrlOMEs500"
    "KEES4PBOWuGOtf2S9nq61WI8TUaj0aaPZwV62J70xyUwyiVuhAC6RDGQkui/RwP3f4KQQw"
    "7TvObyGO5tGUw1Rbwf3U846mxMIgsMVhTo+lDNIUI4zypIoTGmRI6HqVqyOkJ3iEH2naZZ"
    "Zk24iym8t8FSQ8IR1pLwprcSLEiskEFSBWVHCXRDIFa4BsGKGQozBawTDOGqIQ2UBXx9gc"
    "Mk7sSDFeJ0xMhTLtKJTpMH6aL9QwrYUnppTgp4kOKWf004yALpufBiIQ5HAknTsQiYDRk2"
    "CsDETwtgJoewdRAJBLOiEGQRbRdfB9OEtCWhaRk8cXctFsdfYekzZLx5sj3S4EW154g4nB"
    "m+OFmDgRDkL+54ZmImqleWFiPhV4NsdjomIHiiGPpjtQDqohFE4TPIiKID+XGPbpJilvfJ"
    "EdLOvao95nMUe9T7dGvT8vTgzBnQyXa3Ndt2dJB1Po96WnkhN41zcWQ1ceSTdOJJgTSHg2"
    "NrB4OAxNfctoYA+fiAX7vGGVUUCIKiPXM3p+ETuEtjBf4tERmEmu6ZhI58wO/wq4baOHS2"
    "wel0q57Yt56kS4tY6bObpwCrwZlu7qzYdu7RpNKbMt0mNfWw/tazThthDHbqWrGc/X8fVu"
    "uV7O4lPLYyBeUJ2gbfhIbMGZ3LuHNkUWjbfbtkWqJOsd2XgTSxguO6zN5PqFx1u8a88aiV"
    "/cYS2VkOx5KZ8W9k4BxHzAL2gU6uuhDtaxpDzAJaD7JArz9TB39cE1oI9SKg6sxwE3aG8d"
    "FsRIFQ82+go2YEXaDIoj63FEOkhy8mBBo1Df6DtYB/wYqeLBZufBOkyI0yourMcFJ1ckJ/"
    "wBIoX7ergHEnVygh+lVBxY8+T1UqLynr4hOoX+uiewH+uT+wAOUyoOHF3Ce8fvq1HRNPhH"
    "KcFjHR9UXua2XvTqADeFP36l79qdnJjohaCpbVqQFI6mmOoIjwWL0NlEvK+bbVleJFKeX6"
    "OZwS0ytJyCLFC4HyrRxJzZ275BjxlkZltOzjoEaSE6cgb4wXNQTMYgb+h0xqEOjCq4UvTv"
    "srzEfU1gqSQ7rpPh9wlOrnPV1WWWDDIxKtUNLX+LpithMykMelnbKo+iyIEAa2OcCeIlCM"
    "cL2liJKzg9QW9BodLzQg7/baTnqU6Y6V/CaSXnFUTa64r3fSJag7KnJDkv+PNSCc9yBvZ1"
    "b+Rq2Q7BWIQhoBy9iP9gS4pRspLQBbqRwekWfyLMRENsGHMhR4HoxF9+ESRa2S2HB8LVQ7"
    "sBNfPi0t3Wb9Fj8IdBNGoI2Q+NOTGd4n4vMtL+RUqCFpoRPtMJOmPcibb3CM7dmoDOvE7J"
    "wHKPvUzocIJ04gqTTly+eM4ZF4tfPNkQCg5OyDQ9eDIemGMben+CzYkKvz8OSVLFZO02ds"
    "j/HnLIkkGaE5QmP2aJsf+YHmP/8X1UmtxjDZOiQbvvIiZKUlSS4l4lxYpp0jFLy60M/LpU"
    "TsThcaukxHSeJ4pB5I8ZMag3eyDDVwlBRyEEOatjrV0tQqq2taJva6HOm/53m0/2jdEp0b"
    "dwpVFOHd1DNc86RVyX1JwJH+1hmHOX66iFJjsyoLPW64htjqtrohyi89Cxwruk9VDB6s0c"
    "K8LLC874IB9GHQpsIUktAUIbzJIqM+FxW1WHNlF5Xou+s6EUsKQcvTLPvEI9xu3gtAbXw5"
    "SK60XhuodRgO3u0y+4Lv8b43e6W8EbfxJ27/2UkTboMBnh1eVBFtT7w1umhPZh1lI+2EvQ"
    "WqLfrkCNEH8Ot8mEe1l6h0PXu62+05HC+UksVKc1RaCZhEsbCM9dPN3B20os61q2mr+H6G"
    "BW0gw8svLy9rZd+dK9RpK2x9oPzWa9+ds1MmzGBPxuS5Bat3brtgQRgq4mrlaaN7WGvAjv"
    "76Z3F4BrJCk5fUmnOZKYmL5LLuVlEPh6oWqi96iHd6hOKaNTeypeAWKNAYw+GY3EPxN0SJ"
    "3jtIysZbNE+DGCaXbFkbcX73Z0DC0B/rb1UG3U0H27dlPv1N2gPV9+kD9Kb5Hfm6NdqzRi"
    "+SjPAoxxwjG/BPYg0T5RfneRMxmi9A69QROua9y2kCm+4IwHw45BB3157VPfpd3jbmOKb0"
    "wXT0O4cxzlYUCnfvfQ6FaatdZD5xoFZ+qxrpBP+92vQi7o1JriGLCIafWhO28fYtmKcRjI"
    "ZxoZTkPcXB9JjHLNL6WYRZV39WlI1F7EuwlFxe2gnMOIk0KtKt8nFUAaUo2sodCHCLegzx"
    "cM5+NV3+NWG4dV61htwpSKy0Xnspl4Oi3LdVnQbJTtsh++lpzgdKy9AUHO6dDrvICMfp9i"
    "DVrRbyzb7TTzZZCrKVuY6hSa4e3BnibrM6+134Up1X5X5P0OMpLX4XGQTnG4yBxWKSN7jU"
    "A6ZF+mokGdNYQja2Om9BiOaHAwxEokFSVxib98axMdp9gSEmPVTwT5pDiuDXE6vRiuP3cZ"
    "EeTBlRAOFEAyPRYoEHy327wI+XAbZUSo8KANw4NUyMDCGJ1JxXm3RMV5F1dxhKhFkw/qzh"
    "TrerpkFKArbO2q0luoISQzxTmzDK5n9AE4a/rq8tNHfznDH8tWcueu0mjEraIvQtaZJGgW"
    "qbguCPaH6q5cjds2MVvU0nNtBj7B6dk7rjJtBldLNoOrBHuHPZ3ipG616ZnJAZJTAHnfyc"
    "kDruWC2xuvsM6PNTiBQaXC8zU8gcnEBXYElmSFFldU/sX0mp5SYqIxR47ZWwyY2lBQRTxs"
    "rInqfvZ0aoJ/lSXlelQ51wlmKfJzkC7ChgF3TvpdnJX+lf1+ENVWqxH6IKr16Ip/uKvWhP"
    "gnv46FSzyOuEoh3amMQqDwpUXyYRuhKvK2YsgCniaKbC9uUy4Ez4xeqDVBmHHQq5H3bvvb"
    "X1Ry5GGTI4Mc3xDibmCqV7H+s7IlsmPk7jAf61xGEytY5zCC3rrdrQvDqu1aipVRPTNUFt"
    "b1jZeTawnuirmyLKmjAWoPhnUHs3Truo/pShN73/KHrixT2ZFVZRBlQ4PIzwTxEcLBLdLt"
    "h/0rCkXfmPZU2uimsk+2OzzeTXu70/fYD4PK5tyyKCVlJjEsdOaUm3zB1BLXxf+It4sv5o"
    "eil6nNuSOugp/B3HfVWLuYpZSEgMNN28jbwCFEVlgLeCF5oXpIql5trw111Snm0BxQ5af2"
    "YmFRlZG2WxnpMEV7KrqQh0tJ5UvlD0t1B+wP2WWVnp+BfPZAJZh8UvZrEbF3Fp5zhBUJhP"
    "yoAWT5EC/d15q3sgqBS99jHe+K6V25rTXq32ttKEHgWtWgLsF9pd2tVxqN3/tfKnVZn2CG"
    "DYuCZt132tD3mPfLoi197gSILCn1l+kp9ZexlHpVmSkd+uOs0ZOlMpMm3kyHrrTrJPmFSE"
    "+Q70fC50xJET63phT6Deb0vydQKy98Di/8iBqm1fdPiTW+tuQZVCJSkb85v1rROodqhFZx"
    "utCc9vNt8xkcYnQFjgU5WJBN4fL5jl7HW2LQWZZvnj+ZT7zJkM5wFsmgYIs4q1En9gXnjs"
    "2IG3Yy5la2GOly8X/7yaw86KLfaV7lRqazukamM24RNpy3yZAbYStU6qDyMpMaXQzvG4vx"
    "W05+m3kfZ9/LouIzWBHu+ngic9UeqEi+jSU9EmOczJoyE6c8wUy6nRQLCX0rWeEOEZ0g0t"
    "sv9Am7UA6A3eEnCO1OFvFI3J8YsAkk6KfpKEfIThDt7S9koWyK503UX5YdlCGyU3JI7zsM"
    "Rnk3Xol3I6bbHsal3rKtAf/jjpgmlgs+phOEByzVB7gc2p8Gxq6Mz32citX4eO1Ex+IXNJ"
    "hbxETkD0Gkz6H1u/hB/Ncw6DPR0BkMuwNOuDeRdGSKaSyJfnsz95h4B2bOuGGhCYbyWsji"
    "qCeU5k5P3JUbCKMJ50+/mMgg4lMxLQQJsedlNNNtJ9F/RF6QwxD5J1Qd7LEZ3MWcQEP5M1"
    "jbiAu9WPa4t7hBZJP7MmJcBv1CBPAcSYpnSjKH+ipFqJCKkNrlX8suH9IRKEvpuLA6JsWj"
    "3WNEymJXzRGPUrur1BvX3r7ZaVRuvl0jUxdHVY/d1js3rTZEoVATjEU99qNW/dpqiREvZA"
    "A7aHQPzyIC76IzBuTSxTm1pNyET3ESOsa+SyAYZEhnNDmHLR30MJUCfp3aE/bgn4nNSJZV"
    "VvFJigy5s3s5wl/HeWQ0EScLMX6Vspp5LYQ2zsgbiBZBbrkYyN0CAqhvjLyaJiGZcmuzHp"
    "jxU5pkf61SJp43me8eRTScBoTq4rB9K+E0bsVrH3CBd7XerLR/T0a8mlAhu/p7t1aJYO4s"
    "lIQtLr1+eYDkGMqXu5+Ak+joKELuG4C6JfZr4qhagEgZPWPdJudCp6HOG4Y+tM2mOnAtdM"
    "hbFzfLG7wWJFsvam1PfHalNWRS9iRktwlxKgrApiikVw0bGvrhDDERZJVjyxb67HBChk+C"
    "Z5D+etYUu6S4N3eunsf4v5tbHCSmzmFrmnM8/aSN0hW4uFaMXdhpXyCRRyNuM62MKEMvQu"
    "qPf+t5iQ9wdhbEWPeFyHX+RcfjUoKpLvhzeZmhbuQM7I+8kSvNdBUEY6FuJWeCJ2DyciVB"
    "+DgZohb8RhjcQUPiC5UsdIf8Ir5ReW8EHfrgFnp8FWz9Dj02IDp/cc4QruuwKcyIMRQaA5"
    "jRoOzotWNXExvFTgxqr8WaprpwKzuZ6sKtuL5RF+5DRlAcdhPdsUc/+Fg5AI6QFbft75pA"
    "f8gUqPJhSaDKh3igiiue5FT8AlQqWymHZuVKdX1XqoujvqRvaQLtXnv8vn2bt8vvNsDfRu"
    "9S75DN1+ktTFVgXfbQcW8FUTUrxKDDSSmp1oLzS3lpsYXFmF1WW1Da2D61MaEqJzfgTP/q"
    "AyRF9hat+81/+JDlm//wIf2bh9/C2yt8VDkQdoefILo7aSwDHVcSRYV0J0yAZCMnTNHQ3o"
    "dX5KCH2Z//D1Jtk7Q="
)
