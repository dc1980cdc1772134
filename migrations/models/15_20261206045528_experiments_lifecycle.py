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
    "eJztfWlz27iW9l9BaT60XaW4EzvbOFNTJdtKRxPZ8pXk9PREt2iIhCRcUwCbi9165+3/Pg"
    "C4iLtIrRSNqlu3YwoHJJ8DAmc//9uYUw3p1lnL0bDdpdM2sc1F4xL8b4PAOWL/SB/QBA1o"
    "GMuf+QUbjnVBAflQRadTMWxs2SZUbfbDBOoWYpc0ZKkmNmxMCR/eMgxEtDeU6AtgIpWaGq"
    "ATgJ6RuQCWDW30Rp1BMsVkCtg8jKgJJtQEUJtjYgFINICJijVEbEb+jNGLdcZvrFGV3ZlR"
    "7fAeDsF/Okix6RTZM2SyO/38J7uMiYb+Qhb/8yeDxWS/KvbCQC5K4k+sNdjInw2qqo5pIk"
    "2BduOfnNZ4UiYY6VqEB2w0+0lcdydi167wtEPsr2Isf92xolLdmZPleGNhzygJCDCx+dUp"
    "Ishkb8zvYJsOZwhxdN1jns8j982WQ9xXCtFoaAIdnbOVU7sPsLzWUJS73lAZtIeK0kiw3K"
    "cIcci7pFLClwt7VEsAMOWP8Obfz88vLj6dv734+PnD+0+fPnx++5mNFc+b/OnT3+7DLNFy"
    "pxKYdX7r3A35A1G2Jt3Vyi/8LWigDV0qwbkl+mxFUFMRfyW4cD2DZjoPolQxXrCXjPPCRz"
    "6PGf6FJTeW31QAvbWwbDRv7Iolc/iXoiMytWfsz/O3b3Pg/tHqX39r9U/YqNMo6HfeT+fu"
    "bxz/CN78ocph7VHsD+ddLvsIxu8KYfwuB+N3SYxju1JRoGNkNUT7QxGwP2Rj/SEL6rQ9fC"
    "XQqRt5HWD++L4AzB/fZ8LMf4rCrCEbYlcSiYL8X4PeXTrIIZIYxBpWbfD/gY6txJm5tX36"
    "PyYOEfsWGDtYt5mgccZv+5+72rlzAOcQ8ZnnlvWnHgb65Lb133EeXHd7VwIyatlTU8wiJr"
    "iKMcREDAyr7MKPUq218j0J5bUs/LAImQD6hsFk4zlKBztGGv8IPNoz/x/HuOuYCGo9JvZ7"
    "6yIH/GHntj0Ytm7vI1/CTWvY5r+ci6uL2NWTjzFGBZOA3zvDb4D/Cf6nd9eOfzDBuOH/NP"
    "gzQcemCqEvCtRCQrZ/1UctLiYxATPt68rUC8Ikq7WDI/i0XP3g/N37T+8/X3x8H6gFwZU8"
    "bcCV/LnSNXnKFvyT8H6lJsJT8h0tBMod9kiQqGkCkac735tcezSgfnwI/+0vIf/q8hFN+B"
    "KoqpGVxQBgr41sAQF7AHD30O02BNBjqD69QFNTIojzX+g5jV0JxiZ/mp/P41cggVMBD38P"
    "/tQJ7FOMGhHGZBs0jMiw1QYNYCDTYuc6NYGFzGesImDPoA1mlD0xsOkTItYX8Mgf5hFgdm"
    "WGwH/9PgSPljN+TDFebD7fakNFKdvDazE8bLSxNHNMCio7luy1juwopTyxj+nEdgxtTa5H"
    "KSXXq8J1H6MQ272nX3K9rOFwuybDw26juzcWatgydLgobZ6N0+3RQHvEplk0h1gvA3NAUD"
    "9N/uK8CMBsVCbA4reY0YTqGcu4TZx5Qt+Imk482j0uZe4KQ2bJBd1o3dx27i5d79qItG86"
    "w17/EiANMx1iRPrtH5327212xXW1IXbNvxK6X1kr+sciRvT4MRGyoX+MswpbCvc7PKfw64"
    "oyVkCSISOH6WK8GjPCXTHL3/j3a1q86vW6kYP6qhNzwN093F61GfYCejYI2xG/XMiQLhQd"
    "5RnqmElCExul6Ob5YlT6DFsQp/azUXnPz1Q8y0EaYBog0wjHaEJNrhAyxW9O59xFDdnfJp"
    "o4FtISymR0ihOhJmJoP54Wmu4LU0BtMF6MCPs22UyBAj10p+We8vECaEiscCis2ydMsf5V"
    "+M6xvTgzFk3Qb7MdoA1GDZdq1BCsL76mKi4BuoJ/wq6Ubf8IWZxE6ASDysQoxZVx5ZF//d"
    "5HOszweWYFbFRiCW9seIqaQA3DpM9MLzKcsY5VgciGsN0vZ6opaBKrEgtMR6a96YfI56gR"
    "Pru01jJBlxCUaqv1f2rmWWrV0KCVdto7St5YSDXZicZONZuBYQGdyWUAE/DI3nuCp49fPP"
    "NqEzyhhXu+iQtvxghy+MBDv2uJE/IJGXbitN3+LUZEBLFBC7Bzd8ZWFvrLFrO5t1GWVx/B"
    "iYUQ0ChTwciZai4Mm54CiwIIuF1yDC32ozM3RkSjyAKE2oAJrU/cejyXRmNpNJbmQ2k0ll"
    "yXRuMaGo2zwx5XW9mOIfax0b5tdbqXQFhfR2TQbV1/vwSWzmS0EbnpDK57/ZtLoGGLR8KP"
    "yO/tq2+9HhvxgsYzStmY/mBwCUzLqoalzRWUkgzLjuxbUsjAvsiOt43AvoSkmeTMkF1N50"
    "wqcR2cA3mHT/u/h/lcCM6ebu/uN394nDUxLtjQdlJU02K72JJ6j96Cpdm7lLfgetj50b4E"
    "LvWI3LceBm22fRmQWyTFfta66rbdDY0/X8LoeZhdy4VYYTKKlZbNkPOJxAnl51H+8+DIKD"
    "qeY1sxkKmwbYeSFKX0q05hBhsyZ4ixY8KnqBVDbnoP7IMC9/32dWfQ8U6QQDoWP0Z9Nf12"
    "q5uN/9gxrZQzItMekEYqo1WT/rCxCYlWLgA4TCIhXRkALOBK2TTKBgBf+fMcF7pFg3/Dq6"
    "p08G/IMWGiCTIRQ3JDi/vAGfP3HSPzPpiyOsrZdj0U7IWZVLS5u/DGnaeIp/AocWL6jMEG"
    "sHckyNoQK88V0U9MWRfgNnTxFPU13kKyGFL+/0UTKUo5HKtl1srZTMXbKfHchOi7mnxVIi"
    "0Y5Xm6XFSpKfjyhBYx0L1NOeCcN8Ij9n61ZyZ1prM4aciXFtnUr1uD69aNkACVuHvm71zv"
    "3nJfbqQ4+EK/NvN8fFZ03Eo3Xx9B9iqMmEemCIsY97H9ymNdFuxfgOlhyCRQB1gDJ7zqg8"
    "pzK7gbzjOHAR6VIY6l02RyxtZnl1436XU7kvPjSP0v0uv2GrlexOt24PD2CrnddhLc7p+F"
    "JUsCxMjqBvVOPJyH9R/XPQ0G2uwRxo6dpnRnOyWjVNIxuXXHJD9Q/x8l5SoahWj2uPgfht"
    "f7Wf/brzeiUxVmJSmlY7yk2CPCiOwH4F05DtMBrrVn9+Fu8HA1uO53rrg31yGBpq+NyFXv"
    "4e6aXx5TtonxK9e92/tuq3PHL6p0buiMQVXx/fLbIWIrU24cXEd1TKE/mjSlrfiEq605JB"
    "VGn2Mv2J5pJnzZhOvxOSTnq8z5Px2MbGVGHdNS2OZrpoVDZbI8lTiL37XkdYShqcxcbrSf"
    "T9MYyHmXyRGU5sAtxg+UGu4huVGSGxrE+kJRoZHkw2AOdT3TQh0hrHC0AlPswJyh4CXNQr"
    "IAc2RZcIosXrkJeI4U8W8hCgMNLsDJHdM62O0oYG94mvArbGnOdGP5xfmnj4GdnP+RZyIf"
    "3La63WT0ie9DoqaWloidE5sbJ6yGJszvV1YT9t8FYM1quvxygxhMpIEJ9mKXInwtRHEAPX"
    "qtdGUZsXEcERvVPIPyYUJM89k09bZNpmzH5EUM2ny2miIFLQtPyXxzuFrBRHX99lxLgyvf"
    "bYiVmOkbm6iuWPnntIycWhNAmxpYVeBkggm2N97uh3y2ljtZraL0dllPIFWuyI09isofRa"
    "KQFCNKsjIgqUcQMOmLkN1PlvM0gVgwTV+2P70EMzaKTmxEwIlQTIHYuET0EBPw3aIA9gwl"
    "hMyt32G0tMWavzDBlRcWeFyC9pgZuvQzFq4lHkCIuF502T9jwU0/vc/G9fVGA9Umojg8UR"
    "eyVU5FW+XIYKlsBh1n2IwMlnqNXC8SLLXcjRNML+apjEywR2clns+RhtmsZa09ndvb9k2H"
    "QX8JgjlG5KbV6f5xCYS1kufSt7/zP18QeuJ/37V/8MKVhPeaq4hvMnqmFosWjhKtZYyt3K"
    "e55XS8kERYCtoEnUQ3tfjnUiosCGyYRGK6OtsxKqlvmPIYzeY4MqCLJj4mPt3URJnkOt4C"
    "vkN/nppCG/54V6MaylXaENdQmcGaIhs9ytOxzXb+7NJa467pFPNMsNiz7THBd7XS/pINqE"
    "y9kqlXR/KxH6leKa0Jr5HrRawJlu6kVHjLjin3x9eu4OFO2j1XPx3ouNOtwk+WgDm70leM"
    "rAbJV/so8yVDlfYWLiF918XB+tOBOns9xaA6VjeG7B/ubPd8sjqFeMnSMpUvLSNU6fUKy4"
    "StNhllZQJFfUtFZdzaailGg6DoWrbRIKjvVixoQ+flWk74bZrs31PaBOwo5/ESTTCh1OYB"
    "FhZiK4D/l6oY6kDH5Mk6BRYTtJDojMTdQAsQMlcl4ja2fZMREb2CLQa1alsA218ABCGGgD"
    "lcAMaSJ/aTBegLkVVopCnkmA7nI1WKpSnkNXK9iClE9n7YparOz1TFMUuV+QnT1KEYdwLm"
    "gjjnAp1A2jDxHJoLjiNNcSlnw50g3KNh5N/ewU8X6POu7CM7rx0hqpSvhXoK6T5xP397/u"
    "78/bHi7ormZWx/Swpp9ivf/EJoQKWbvsfIagD8Hg5MD7TStfHidPU7OHdSJM9V6hWh1Cfh"
    "zk6rjtNVI6v66OuLreVsiBRn3jRZ7vi+kkLmctmG+HBpcUPEy2UJy2sy1sr/rZkbbhUetd"
    "J4Opwh4HeAB3QCIPDpvwiro2hiy7PZLd7K1n+CH8i0+GZiUSBMmBGzZcJ2uoN7jMgTQoYF"
    "THGS8Va8vDITz4cDzx4dtsELtIDfiFwMyM6F8wUPPwRPLOSmsLPPoZ3IhZMmVmlircQmda"
    "TGNmlifY1cr76J9dB83b3OmDjg1kgPjM9RZexr1nDXk0fWZNySeo8Glpk910vqmY1vw1vG"
    "M045ItzudCmExNXs47rhJfiXlZRCD8Mu1TFNXjfUE0pLyIYplPvLlHtXaUFxCe8zNDF/z1"
    "LmmAhRNWwx61S4q5QtJmI+gGLhltKEIjQVLii515WekxDq4pUEuHyyYshacFwIF02qiyyt"
    "SGRbn8mq/c71sFgPTHWGdc1EKXt4qXjb2uEd3ZDd02rToOSoCag6wuSWweIH0calAX+4s1"
    "RmQTVcm5zl1sf13vEXK6iLyx/ftdZBQrkBDoQtlhU3y/orMsc6G1q0q420YfFuu+mxPyOG"
    "YP820o55SDtmeS3gINJ/5REOu2QdU02xY2QHdywpqmy1qGx4h9S4KqhxSf9I9oZznJbyIv"
    "6RQIYoV3opSiVPldXKdliQ2p+6XTWQC5cHii6wKlWxCYejpEjwsWiVbOk9Fuyw07o2P8Nt"
    "4/h9rZniByRIyV1GIBx8X6jxCSsjEOrG9SIRCDa29ZKNaj2CWmiUsUDqQjEIFzkxCBcpce"
    "vOnGcRlVLblyQ1yA3Yt9Y+ploptP3xEurSUBsmpqZXS2WdEI0w/R7hJzwypHSYxl2vf9vq"
    "MugF9Yh86/z27RLM8HQ2Itf9zrBzzX9lFDYTlxNFFQ6Uh3d8PZw1E07ssry56be+Di+BoB"
    "2Rzp3Sb//otH+/BJgoJnrG6GVEWvf3/d4P3qbZD5MekcH1t/bNQ5dftNQZ0hydX71/uOp2"
    "Bt86d79dAk8NYUwMrvPR3mU++murIyaYQCyor1t3121xReWosmvVWAshhaqkgBellG2Aqy"
    "PPJcV4yxnPsb2eIB+nlZyuMqf9XWwNRsdIJZ+rzOfgqFl/55acPgpOQ0fDvI4j73VI9TU/"
    "7Yw5JOerzHlfUlzH5hollXyuMp+5juCY/OOEVrkavUnKOhQy2LfBwtUFGXvSHJzZ4MfIJP"
    "LlkQ88peqM4tTqx9khNWm01YisOfq6EqksWivuKZ1asml3bDJwWux5AQ75hBsx53j2s51w"
    "IVChx4tyMUlJQpkClIx1ZVLUjJbsYBihkaAmQRV1psthGiaRkK6MnnOXYBLf0rFz9+wtVG"
    "zAGpVdasZi5yKfayRyjj0BuHvodhtZO64EuBDAiZOmAMpBLfoN8Q3K3tcT2/C+mIFqkTxL"
    "Roefkblxm44bd57aNjVBz2jj3ME2mcIpmrOJ2s/oGM+uYkj9ZbD1NN8CXMFEdV1U6gypT4"
    "rpbJrBe83n6Tu1St0tFZkeOqN1ZKZYsH00ewQNKfu/1Zi2/Ilq8okmg/djvZi30Txo7WbM"
    "R9U2KHjLeMOgRCnPaNugcFOgeMOgZEuhrbQNSnH0ZJZkLc3tDVpEHxW/Q+9ZkuPRFtNr8z"
    "zUJqkE13OTcwJ5LSUzJyzLZaflaOFRu83JSQLlBQaykeGMHYL+shVoczOjLdJ2+M9cBcG8"
    "APccWRYDg89QLp/nCk9fS0rPv5+fX1x8On978fHzh/efPn34/DawTyR/yjNUXHV+47aKZt"
    "i0KRN/NmHQcaaAyMSf18j1Iok/bE+eG9RGRF2IAzHB+uwUoBRS2fOpSDlSE6nYwKm1zLLR"
    "jhDVMOlqV22fjjD1wUBE48CVw71x3767cXMVXPoR+cdD+4EnILB7OyLNwR9h+SPYlaH40x"
    "6Rm3a386Pd5wSeVJmW1nDTbokBkM/3cH/fbw8GIm/CMQy2LVniPt879/fi4hM2DH7lW7vL"
    "/pz5C/vgSRA6JGtXAvZp97gixo7+VHY5XD10v18CTjkirW67z/gcmGXKMuBzAfw/Z8L/OY"
    "6+pxykfJWDOdT1bM9uiG5/RTze7lbYvzj/9DEQ7/kfeQL94LbV7SY9ujqCVnpNlIeHzk06"
    "mGGaGJiOg7UzTlkZy1uDd7lQdYjnYEZ1vncB6O9iwGSiTSHEc4B1U3rdLSQsYgkUomDH9d"
    "uS0nIKuQzWrY6EnFSMdGjZCjLNNId+dqxolEqGipYPFRXgKTNs2TQtbz47wC1BWI3ow1qV"
    "X0uz55XQZjLI6/CZxNSaD0VkVzYqW6n5kNJWlaxz8oTI5IlT5RMnUL/WYHKcVnK62pyesN"
    "OKMcshdlo/01W8jlMfDbeFQM+9eJYN3NeAOmCnJb9sOWM+dIzMXywwRjOoT8DJnw5GNhP+"
    "HdM6vQTihcHLDBEAicb+sfgSVwG2fwfegM+wAZzYvIA3n4YpIABa4t9MCWFzhYSO2q9aqG"
    "fmr2Uf/Cmk9Tv0P74vcOZ/fJ955POf0jtYlQrajhLJqqcpofBJn3ZBbJOEEt+0WuXBRlsO"
    "3gSdTDrI6ARVtutQlEjCurrtULTw7ab5BqW6Q1dteygaFp/cHdNLIqcccVvAeIOIuCPBN3"
    "qyr8Z2uZ1uAd5BZLLj2iuKApw4fwqkzDwvmxJtiHDV2httHd7oIbRB4oxMCDlUdyg/PHUg"
    "IiSuqSNumxnFGh7WLBLQqrihF+ytfJJV0a2NAfvIkCaabk0R08qpUMyJM2efMaATP6oBs9"
    "8MdsW9QRO8mLzYHQHjhbgkVsIbna2sRPHO7d9hRNjc0ylvHUYJePRf/hGczPHUFAsXfD4V"
    "FogJ1TV2b8ZeysYKg0PoJoDp6mIYeyByNiIj8vtscQk0aM3GlDGbPcXjr3PE7qZaj2JgcD"
    "POGnbthX2Q4nV0pE2FYURAb/lP7Vgjgvh4MEEvwEJsufFZ+VQQ/NbvPdyDqz8AZSOAO8yf"
    "H0zZo1pu+7Pl/Ox9TD6OPetQWGTmHED+UDZ8DL8Y+tNh7GaU0F7eBnOrDHsuAg1rRu0mGC"
    "MVOhYCCKqzEXEZBLAVQI9dww9bQcSCrmNGzBiwMniwM9DnjwtNxGDWF+JlRgQTC5lsQ+Bo"
    "8Dk5x04EHsALfzxtAosyzIjXxTYY5o56gdjm7yyeEIgmcCPC/uSRNDpVnzj/oQs5G80Q+8"
    "IwRkCjc/ZFny0X1hl7jmesorPw92GdNZpFgrhlwHUlA67zYtQy9OMDxKXtzXy2/XAvsauU"
    "W+EBSZ3sOntY5wlNOluM26V4EhfqUkSTFLkvWyxBwWAFBaNXSiSPIUXYO3WXqtujOGNUam"
    "B2rExMOheHUHBqssOEe2zYKSDkCYLYKEITIsn2bzEi/6LsyOFnseYYiMd2M3kEnU3P2PRg"
    "cDcAntMeYO0UzOETI4XARIYOF2ICG0+8B2LXCX1DjYLHU1qOEVXFeaoFmUSBgOgla/Hv0s"
    "1ASuhsYVJ59FXy6DuUY6NiKty2TcMCjFR5YnV8s09bZcmi4QWr/xHEqi+CAPY/FPaPVugX"
    "bl2A7PfeffvuElADMe3outu5/n4JVLbbPI3IVe/h7rp9CcZMmFbRiAx6X4eKf9GiE1vxf7"
    "nu3d53Wx0eNa9SXkcN89D5h7vBw9Xgut+5anPPcbATxXfrw0g/4X0wsSbyIwxipDXM7aqT"
    "Xx5bypxplzgtt+GKUh1BknGmRQhjXB4zyl0xNriyX85e9XrdCFOvOvGA1Ifbqzb7zgQ32S"
    "BsRw60UNqkmeKyyA4L9obXIeZh3/HAS3G0XMBJmGoruNc9P3GObMgFtiTM2THXYZpqhFvX"
    "qtiriVSE1+sEECOt4RF+pOnZRZLyY8puKfNVmLBGOtJeFNbqRIhVkwkyQKyq4OZEMoVrBW"
    "0YoVCi0GTFMC4aohDbQFfH2BwyTuxIMV4nTEyGMu0olOkwfpqv2LTspSemkeKniQ9pFvTT"
    "TDhdMT8Nj0AQw4Fw7vBIBAieGGNFIIK/FfA2ojwKgOecz5CJgI10nfs+3CUhLIvAzfeNuG"
    "i2OvuICJul680RbhcEbT+8wYLcm+OHmLgRDkz+p6ZmAWxneWESPhX+bK7HRMYOVEMezXag"
    "HFRDqJwmeBAVQXwuCeyzTVL++Co7WNa1RxXJfDrPznw6F5lPFYkhuBXhcn2q646RdjBFfs"
    "89ldzAO8VcDl15JF27kWBuIOHJ1ITs4SBvkt4EY0d9Qjbf5027CUJCVBN4ntHTs8QhtIX5"
    "Uo+O0ExiTSdEOnd2/q+Q2zZ+uCTm8aik276ap06MW+u4meMLp8KbYeO2c/cwbF+COSaOjU"
    "bkW++hfylShUfkRria4WIdX++W62otP7UyBuIlVQ1tw0diCy7k3j20KbJqvN22LVImWe/I"
    "xpta6jTvsLbS65web5G/PWskQRGYtVRCtOelXC/s3UKp5YBf0kjU10OdW8fS8gBzQA9IJO"
    "brYe7pg2tAH6eUHFiPA17Q3josSJBKHmz0FWzAiqwZJEfW44hwkJTkwZJGor7Rd7AO+AlS"
    "yYPNzoN1mJCklVxYjwturkhJ+ENEEvf1cA8l6pQEP04pObDmyeunRJU9fSN0Ev11T+Ag1q"
    "f0ARyllBw4uoT3QdB/p6Vp/B+NFI91clAzz2297OnD3RTB+JW+a29yZIEXBOaOZfOkcDCH"
    "WAdwylgETmbsfb1sy+YykfL0EhgmtZFqW0F9XV6JJuHM3vYNRsREhmO7Oes8SAvgSaxQMC"
    "8mY6I3eG5QXgdGFlyp+nfZzHFfI75U0h3X6fAHBLXrcHdxXiSDjI3KdEOL3+LpSmXrQm9Y"
    "DrpyLrQYxoUgzkE4WdDGTl3B2Ql6SwqZnhdx+G8jPU92zM3+EuqVnFcRaW/I3vcJaV1Mnt"
    "LkvPDPuRKe7Q5UdH/katkO8LG86wG2wQv7D7TdPghioYJrEZxu0ydELKBC01wwOYqLTqI9"
    "AtaaXjk8Llw99Lu8Zl5Sutv6LUZEtGhAGjaZ7AemFFlucb8XEWn/IiRBGxiIGjoCJ4S60f"
    "Y+walXE9Cd1y0Z2ByRlxlWZ0BHnjDpxuWz5zQoW/zsyVRecHCG5tnBk8nAHMfUlRm0ZjL8"
    "/jgkSRmTtdvYoeB7KCFLhmlqKE1uv7vIHmuYVA3afRcxkZKilBT3Kim2LAtPSVZuZejXXD"
    "kRRsetkhKzeZ4qBqG/DGRif/ZQhq8Ugo5CCHJXx1q7WoxUbmtV39YiHXqD77ac7Jugk6Jv"
    "5Uqj1B3dQzXPqiOuOTVnokd7FObS5TrakcmODOii9ToSm+PqmiiH6Dx0rPDmtB6qWL2ZY0"
    "U4v+BMAPJh1KHQFpLWEiCyweRUmYmO26o6tInK81r0nQ2lgJxy9NI88wr1GK+D0xpcj1JK"
    "rleF6z5GIbZ7T7/kuvhvgt/ZbgV/fC3s3vspI21iNR3h1eVBltT7w1ukhCp81kY52Bu8tY"
    "TSb/EaIcEcXpMJ77LwDkeuD3uK25HC/YktVLc1RaiZhEcbCs9dPt3B20rkdS1bzd9DdDBr"
    "aCac2GV5e9NvfR1eAkE7Iv2Hu7vO3W+XwHQIYfB7LUHaw/aN1xKECboau9q6u253xUX+/l"
    "56dwW4htKS03M6zaHUxPRdcqksg7ivl1dN9B/18A7VOSZ47szZK/BYYw6GgiYT9s8UHVKn"
    "MCsjK2+WGD8mfJpdceTt2bsdHUM5wN/0Hq66bXDfb193Bh0vaC+QH8SPwlsU9Obot1vdRD"
    "7KMwNjmnLM58AeJtonyu/OSiZDNN6BN2BGdY06NrDYF1zwYNgx6FxfXvvU92j3uNtY7BvT"
    "2dMg6h5HZRgw6Nw+dIetu3bvYXAJwjONyJDJp8rwG5MLBu07dgzYyLIV3p1X4bFs1TgMxD"
    "NNTLchbqmPJEG55pdSzaLKu/o0BGov7N2YouJ1UC5hxMmglpXv0wogqVhDayj0EcIt6PMV"
    "w/l41fek1cZl1TpWmyil5HLVuWylnk55uS5Lmo2yXfbD14YbnA61N1yQczv0ui8got/nUO"
    "Ot6DeW7Xaa+TIu1ZQtSlWHZnh7sKeJ+sxr7XdRSrnfVXm/4xnJ6/A4TCc5XGUOy5SRvUYg"
    "HbIvU9WgLhrCUbQxU3YMRzw4mMdKpBUl8Yi/fu8jHWbYElJj1WuCfFoc14Y41S+G6+9dRg"
    "T5cKWEA4WQzI4FCgXf7TYvQjzcRhkRMjxow/AgGTKwNEYXUnHe5ag475IqDhO1cPpBPZhD"
    "Xc+WjEJ0la1d1XjLawiJTHFKbJPqBX0A7pq+OP/0MVjO/I+8lTy4bXW7SavoC5N1ZimaRS"
    "auS4L9oborV+O2Tcw2tvVSm0FAUD97x0WhzeAiZzO4SLF3OPM5TOtWm52ZHCKpA8j7Tk4e"
    "U60U3P54iXV5rLkTmKtUcLGGJzCduMKOwIao0OKJyr9YftNTjCwwpcA1e7MBc4cXVGEPm2"
    "iiup89HVvcv0rScj2uKNURJBnyc5guxoYxdU/6XZyVwZX9fhBXvV438kFcdeIr/uH2qs3E"
    "P/F1LF3iScRlCulOZRTEC1/aqBy2MaoqbyumKOBpgdj24jXlAvyZwQu2ZwASyvVq4L/b/v"
    "YXmRx52OTIMMc3hHgYmupVrP+ibIntGKU7zCc6l+HUCtYljKA3XnfryrBqu5ZiaVQvDJUN"
    "dX3j5eRZgodsriJL6miA2oNh3cUs27oeYLrSxK7YwdCVZSoHoqoMwEQ1kfhMAJ0AGN4ivX"
    "7YX0Ak+sZy5sJGNxd9sr3hyW7a251+RH43sWjOLYpSYmIh0wYnbrnJF4htdp39D/m7+HJ+"
    "XvQyszl3zFXwM5z7LhtrV7OUEhNwqOWYZRs4RMgqawGvJC9kD0nZq+21oS47xRyaA7L81F"
    "4sLLIy0nYrIx2maE9LZ/JwI618qfghV3eAwZBdVun5GcpnD1WCKSdlvxYRe2fhOUdYkYDJ"
    "jxqHrBzijfv23Y2oQuDRj8jAv2L5V27a3c6Pdp+XIPCsarwuwX2rP+y0ut0/lK+tjqhPYE"
    "DTxlyzVtw29CPi/7JsS186AaJISv15dkr9eSKlXlZmyob+OGv0FKnMpLE303lX2nWS/CKk"
    "NeT7kfC5UFJEwK055v0GS/rfU6ilF76EF36CTctWglNija8tfQaZiFTlby6oVrTOoRqjlZ"
    "yuNKeDfNtyBocEXYVjQQ4WZFO5fL6j1/FyDDp5+eblk/nYm6jYgEUkg4ot4qJGncQXXDo2"
    "I2nYKZhb2SNoSNn/7Sez8qCLfqd5lRuZzjoamhvURkRd9JFKzagVKnNQM8+khpfDFXM5fs"
    "vJb4b/cSp+FhU1+Irw1scTWsj2QFXybeT0SExwsmjKTJKyhpl0OykWEvlWisIdIaoh0tsv"
    "9Ml3oRIAe8NrCO1OFvGE3R+ZfBNI0U+zUY6R1RDt7S9kpmyy503VX/IOyghZnRzS+w6Dkd"
    "6NV+LdSOi2h3Gp9xx7TP+6RZYFxYJP6ATRAbn6ABVDlXlo7Mr43Mc5W42Pl250LHwB44WN"
    "LID+YkT6grd+Zz+w/5omfkYaOOHDbjknvJsIOjSHOJFEv72ZR4S9A7EMatpgBnl5LWBTMG"
    "JK82DE7kpNAMGM0qdfLGAi9qlYNuAJsadNYOiOm+g/QS/AZYj4k1cdHBGD38Wa8YbyJ3xt"
    "A8r0YtHj3qYmEk3um4BQEfTLI4AXQFA8Y1Q41FcqQpVUhOQu/1p2+YiOgElGx4XVMSk+7R"
    "4jUpa7aol4lPZtq9O99PfNQbd1/f0SWDo7qkbkpjO47vV5FAq2uLFoRH5vX33r9diIFzTm"
    "O2h8Dy8iAu+iMwbPpUtyKqfcREBRCx1j3yUQTKRiA6fnsGWDHqWSwK9Te8IZ/yu1GUleZZ"
    "WApMqQu7uXK/wN3EcGM3ayIPOLkNWsSya0UYLe8GgR4JWL4blbnIDXNwZ+TZOITLm1WQ/M"
    "+DlOs79eYcKeN53vPkU8nIYL1dVh+1bCabyK1wHgDO+rzl2r/0c64lcpFbKv/hi2WzHM3Y"
    "WSssVl1y8PkRxD+XLvE3ATHV1FyHsDrm6x/Rq5qhZHpAmeoe6gU6bTYPcNIx/aZlMduBY6"
    "z1tnNysbvBYmWy9qbU989qQ1YGHyxGS3GXIrCvBNkUmvGjQ18Ls7xAI8qxzaDtNn1RlSnx"
    "jPePrryR3bJdm9qXv1NMH/3dziIDF1LluznOPZJ22crsLFtRLsgm77AoE8mFCHaE2ACXhh"
    "Un/yWy9LfICzsyLGuq9IrPOvOpw2Ukx14Z+beYa6iTtQmfgjV5rpWoCP5XUrKWE84SYvTx"
    "LkHycB2Oa/IcLvoAH2hQoWekN+Yd+ouDfgHfr4LfTkKtj6HUZkjHT64p4hVNf5pmAgU2Ua"
    "Azej8bKjl65djW0UOzGovRZrmuzCLe1ksgu35PpGXbgPGUFx2E10xx798GOVADhGVt22v2"
    "sC/aFQoMqHnECVD8lAFU88Kan4hahktlIJzcqT6hRPqkuintO3NIV2rz1+374t2+V3G+Bv"
    "o3epf8iW6/QWpaqwLnvouLeKqJot1cbP6Bt1zEZavYXlr808RTOoEWMqUJAoM59mpcr5zW"
    "EPB0RhJaHuudV+RL00PolvVjeFWZApgDpVoQ40uAAnb9+cX5wmi7VtZcbUGPXle/Ih4h1l"
    "TPpRhGL46zGKf36XEZ+mTnGO22grgp7TfbjZ1eqeM9y3x1s+amvZhKGts5RtKUFXp1W6q2"
    "zC6P69YTbhIDLZkQFdNIMtscyqVCfq2i173UeWwd6DiR0EWVaaHJM+MFek8UpqK2aSZqVI"
    "40XRWrw2j82DSKEnbPh1Xb3Jm0I8mdEXwF7RDyCYh4QTIcQkK/Js/QYjQk1XTOLO1jlUZz"
    "ywwZWg0F+q7mhIO/0CHpkUzG7LC+A++r2tNKTCBaNyf9LcQrVFJSjvMaUQdRxClJWqfed1"
    "rdlzL7FjOfS9j6WMCLWkkHDG4dShZSseQmu4E1LIZXmT6rgQkp4j/2wuV9skQiSlZamLSF"
    "2kGkBvWRdJ2Sm2gPD1cqaawhvdIKuk5w2pgdXWZIIJtlNbi0QHNPP0OpsPVWB47LomaqZO"
    "hQq8WL7uJe4ATqA7DIieuhaYswVX3Fa95tQFVC4xhVS4jkThUhlrS/k7A4p9ejmP1scp0F"
    "pHZYgQ1jAAqU7aQkabl1fU42VrCkJW95bX1LpFaltHga4r55XrgxsikZhKDbYSGqwrr2+O"
    "79Cfp6bQhj/eKumu1zy9qe+QRqpb0vutmaex/ulAJsIuFJEopZje8JVK69DPrWKKZViZBA"
    "bkNfMBg5ICE/EyM+CEmiKZDnIlFIgWOqeij3DTz8BJKK7bnX5EvLcEQrIWnkWDsjnZBfhy"
    "Bh7dwmOWcDtCkQ/LdWQXQPET4KmyVuHWmMnKrLxJZhP8XL+dj1SL96UWs2ecTtNOnWJFVk"
    "Lkla5tMHi4uu0ML3ny2xzbI9L70e73OzftS0CfkWlijX02rW67z4YEXa8OX1bF+5BLWS1C"
    "NGvaLY7H27YNu4W3GyYxzq4xECLZqMbAerke/zFxiCqOh7GDdRsT64zf7z8b+8d/J6UAvA"
    "9SQym5N7k5IVFCmRZSIi3E3wQVQu0UI2l2xn2CsA5pCvsuLcNkT2qWLvAdpdpjspm1sGw0"
    "39V2s4fayDJHOhv948yWLZIjXbleM4dm9W4tWrn9Tcq3m9msw0k1DpTd9DjZm/nlH65mcS"
    "9sCY0UG0x0QLOIIcZYjl1phenxAnEqNRAvGSdsVE1uLzExNdlUoqowQVhUPTpxw6kFG0+5"
    "ycPRkfUI5tDgJg9ha0lYYbY7/Yjw+qM8nnysU/XpVwY/+ZVOJl8Av27x2iwaRZYoVsxhBE"
    "8IGcJWI6T6N5gAi1daYbeWdVZknZVj2u1qLEPIOit143pK2EOizop/BqxrJA3TV1g/btz1"
    "+retLi8AaM6hPiLfOr99uwQzPJ2NyHW/M+xc818Zhc2ElET3gMOYSOeYKOVDuyJU0kxaxE"
    "zKRZxSRlKfoBomUn7b2phIDxGQUbHlvmPtdd+hAhVD99gjBVpMcVJnjbQyLO4vzTzlFC7H"
    "bLUxp1TYDqiwMV3aKlnPLURSZef2uqb1Dx+KmNY/fMg2rfPfYq4M9lGVQNgbXkN03xVyXL"
    "zLcVy8S3FcUGKn5o1ni2Ehkv0LYocRd7cmciXkg30eZn//H6koY+Y="
)
