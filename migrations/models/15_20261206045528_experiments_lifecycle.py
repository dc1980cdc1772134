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
    "eJztfXlz4siW71fJYP5oO4LyrbJrG9eLiQCb6mIKgx/gqulpbuAEJZDXIkVrsYuZ19/9nU"
    "wtaEdiFXJG3LhdFnlS0u+kMs9+/rcy1xSiGhc1S6FmS5s2mKkvK9fofysMzwn8I35AFVXw"
    "YrH6mV8w8UgVFJgPHaraVAwbGaaOxyb8MMGqQeCSQoyxThcm1RgfXlssCFPeaExdIp2MNV"
    "1B2gSRZ6IvkWFik7wZzzCbUjZFMA8QVdFE0xFW5pQZCDMFUTamCmEmkD9T8mJc8Bsr2hju"
    "DFR7vIfF6F8WGZralJgzosOd/vwnXKZMIb+Iwf/8E2DR4dehuVwQGyXxJ1UqMPLPijYeW7"
    "pOlCE2K//ktIun4YQSVQnwAEbDT+K6PRFcq9Npk5lfxVj+uqPhWFOtOVuNXyzNmcY8AspM"
    "fnVKGNHhjfkdTN3iDGGWqjrMc3lkv9lqiP1KPhqFTLClcrZyavsBVtcqw2G70x/2Gv3hsB"
    "JhuUvh45BzaawxvlzgUQ0BwJQ/wpt/v7y8uvp0+fbq4+cP7z99+vD57WcYK543+tOnv+2H"
    "WaFlTyUwa/7ebPf5A2mwJu3Vyi/8LWiwiW0qwbkV+rAiNH0o/opw4WaG9XgeBKlCvICXDP"
    "PCRT6NGe6FFTdW35QHvbE0TDKv7Islc/xrqBI2NWfw5+Xbtylw/6h1b77Vumcw6jwIetv5"
    "6dL+jeMfwJs/VD6sHYrD4bzPZR/A+F0mjN+lYPwuinFoV8oKdIishGh/yAL2h2SsPyRBHb"
    "eHrwU6diMvA8wf32eA+eP7RJj5T0GYFWJiaksiQZD/s9dpx4PsIwlBrNCxif4fUqkROTN3"
    "tk//n4nFxL6FRhZVTRA0Lvht/2NfO3cK4BwiPvPcMP5S/UCf3dX+K8yDm1anLiDTDHOqi1"
    "nEBPUQQ3QCYBh5F36QaqOV70gor2Xh+0XICNC3AJNJ5yQe7BBp+CNwaC/cf5zirqMTrHRA"
    "7HfWRQr4/eZdo9ev3d0HvoTbWr/Bf7kUV5ehq2cfQ4zyJkE/m/1viP+J/rvTboQ/GG9c/7"
    "8r/JmwZWpDpr0MseITst2rLmphMQkEzLivK1Ev8JOs1w5O4NOy9YPLd+8/vf989fG9pxZ4"
    "V9K0AVvy50rX5ClZ8I/C+1XTCZ2y72QpUG7CI2E2jhOIHN35Xufa4wKrp4fw3+4Scq+uHl"
    "HHL56qGlhZAAC8NjEFBPAAqP3QalUE0CM8fnrBujIMIM5/0S610BVvbPSn+eU8fAUzPBXw"
    "8PfgTx3BPsaoEWBMskFjERi23qCBFkQ34FzXdGQQ/ZmOCTJn2EQzDZ4YmdoTYcYX9Mgf5h"
    "FRuDIj6D9/9tGjYY0eY4wX28+33lCRy/bwWgwPW20s1RSTwhiOJXOjIztIKU/sUzqxrYWy"
    "IdeDlJLrReG6i5GP7c7Tr7ie13C4W5PhcbfR/RsLFWosVLzMbZ4N0x3QQHvCplkyx1TNA7"
    "NHUD5N/uoyC8AwKhFg8VvIaKKpCcu4wax5RN8Imk4c2gMuZe4KI3rOBV2p3d4129e2d23A"
    "GrfNfqd7jYhCQYcYsG7jR7PxswFXbFcbgWvuFd/98lrRP2YxooePCZ8N/WOYVdQYcr/Dcw"
    "y/6hqwArMEGdlPF+LVCAj3xSx34z+sabHe6bQCB3W9GXLAtR/u6g3AXkAPg6gZ8Mv5DOlC"
    "0Rk+Y5WCJDQxSYxuni5Gxc+wA3HqMBuV8/yg4hkWURBogKARjshE07lCCIrfXJtzFzWGv3"
    "UysQyiRJTJ4BRnQk2k2Hw8zzTdF1BATTRaDhh8mzCTp0D37Wm5p3y0RAoRKxwL6/YZKNb/"
    "EL5zai4vFssq6jZgB2igQcWmGlQE67OvqYJLgLbgH7ErJds/fBYnEToBUOmUxLgy6g751+"
    "9douIEn2dSwEYhlvDWhqegCXSx0LVn0IsW1kilY4HIlrDdr2YqKWgSqxwLTCW6ue2HyOco"
    "ET77tNaCoMsYibXVuj9V0yy1Y9+gtXbatsbeGGSsw4kGp5oJYBhIBbkMUYYe4b0ndPr4xT"
    "GvVtETWdrnm7jwZkQwhw89dFuGOCGfyMKMnLa7v8WAiSA2bCA4d2ewssgvU8xm32a4uvqI"
    "zgxCkKKBCsYuxvpyYWrnyNAQRtwuOcIG/GjNFwOmaMRATDMRCK1P3Ho8l0ZjaTSW5kNpNJ"
    "Zcl0bjEhqNk8Me11vZTiH2sdK4qzVb10hYXwes16rdfL9Ghgoy2oDdNns3ne7tNVKowSPh"
    "B+xno/6t04ERL2Q00zQY0+31rpFuGMWwtNmCUpRhyZF9KwoZ2BfY8XYR2BeRNKOc6cPVeM"
    "7EEpfBOZB2+DT+q5/OBe/saXXav7vDw6wJccHEphWjmmbbxVbUB/QWrMzeubwFN/3mj8Y1"
    "sqkH7L720GvA9rXA3CIp9rNavdWwNzT+fBGj53F2LRviIcgoRlw2Q8onEiaUn0f+z4MjM1"
    "TpnJrDBdGHsO1oLEYp/apqOIENiTOE2DHhU5SKIbedB/ig0H23cdPsNZ0TxJOOxY9BX023"
    "UWsl4z+ydCPmjEi0B8SRymjVqD9spGOm5AsA9pNISNcGAAu4YjaNvAHAdXee00I3a/Cvf1"
    "XlDv71OSZ0MiE6ASS3tLj3rBF/3xHR770pi6Oc7dZDAS8MUtH27sJbe54snsKTxAn0mQUM"
    "gHdkxNgSK8cV0Y1MWRbgtnTxZPU13mG27Gv8/7MmUuRyOBbLrJWymYq3G4ZzE4LvqvNVSR"
    "RvlOPpslHVdMGXJ7IMge5syh7nnBEOsfOrOdM1azoLk/p8aYFN/abWu6ndCglwGHbP/J3q"
    "3Vvty5UYB5/v12qaj88Ijlvr5usSDK8CxDwyRVjEuI/tHzzWZQn/QqCHEZ1hFVEFnfGqD2"
    "OeW8HdcI45DPGoDHEsnUeTM3Y+u/S6Sa/biZwfJ+p/kV6318j1LF63I4e3F8jttpfgdvcs"
    "zFkSIERWNqj34uE8rv+47Gkw2IRHGFlmnNKd7JQMUknH5M4dk/xA/R+N5ato5KM54OJ/6N"
    "8cZv3vvt6Iqo1xUpJSPMYrigMiTNhhAN6X4zAe4FJ7dh/avYd676bbrHNvrsU8TV8ZsHrn"
    "oX3DL4802MT4lZvO3X2r1mzzi2NtvlCBQUXx/fLbEWYOp9w4uInqGEN/MmlKO/EJF1tziC"
    "qMLsdeqDlTdPyyDdfDc0jOF5nzf1mUmMOZZunGEDZfPS4cKpHlscRJ/C4lrwMMjWXmaqP9"
    "fB7HQM67RI6QOAduNn6Q2HAPyY2c3FAwVZfDMV5E+dCbY1VNtFAHCAscrQCKHZoDCk7SLG"
    "ZLNCeGgafE4JWbkONIEf8WojBS8BKdtUHrgNtpCN7wPOJX2NGc8cbyq8tPHz07Of8jzUTe"
    "u6u1WtHoE9eHpOlKXCJ2SmxumLAYmjC/X15N2H0XRBWjavPLDmLQiYIm1IldCvA1E8UR9O"
    "iN0pVlxMZpRGwU8wxKh4mA5rNt6m2DTWHH5EUMGny2kiKFDYNO2Xx7uGreRGX99mxLgy3f"
    "bYmVmOkbTFRWrNxzWkZObQigqS3oeIgnE8qoufV23+ez1ezJShWlt896ArFyRWrsUVD+yB"
    "KFNFwESdYGJHUYQbr2ImT3s9U8VSQWTNWV7c+v0QxGaROTMHQmFFMkNi4RPQQCvl0UwJyR"
    "iJC58zsMVrZY/TcQXHlhgccVaI+JoUt/hsK1xAMIEdeJLvtnKLjpT+ezsX29wUC1iSgOz8"
    "ZL2SqnoK1yZLBUMoNOM2xGBku9Rq5nCZZa7cYRpmfzVAYmOKCzks7nRKEwa15rT/PurnHb"
    "BOivkTfHgN3Wmq0/rpGwVvJc+sZ3/ucLIU/873bjBy9cyXivuYL4JoNnarZo4SDRRsbYwn"
    "2aO07H80mEuaCN0El0Y4t/rqTCjMD6SSSm67Mdg5L6limPwWyOEwM6a+Jj5NONTZSJruMd"
    "4Nt35ykptP6Pdz2qvlylLXH1lRksKbLBozwe22Tnzz6tNfaajjHPeIs92R7jfVdr7S/JgM"
    "rUK5l6dSIf+4nqldKa8Bq5nsWaYKhWTIW35Jhyd3zpCh7upd1z8dOBTjvdyv9kEZiTK32F"
    "yEqQfHWIMl8yVOlg4RLSdy0LpZx4oRShGG5WJsVvg0gokuKpnTsqkWJXCotRgb0SYskqsF"
    "etLFsIgsqLj5zx21Th31OtiuBg4t7/KppomsnDBQwCK4D/VxtTrCKVsifjHBkgNhDR54c7"
    "NZbIZ3yJRCHs+iYDJjrfGgD12DQQNb8gjHwMQXO8RMCSJ/jJQNoLkzVVpGJ/SkfNiap4Ur"
    "F/jVzPotjLTgb7VDz5mTq09FxFa/w0ZSgtHYE5I86pQEeQXuh0jvUlx1GLcZAmwx0hPKCa"
    "/2/v8Kcr8nlf2v7eKyGImtsboR5DekjcL99evrt8f6q426J5HkvWikIasfK3chAaUO4W5i"
    "GyEgB/gAPTAS13pbcwXfkOzr2UfLOV+qFQ6qNwJycJh+mKkSN88tWyNjKdB0oNb5v6dXpf"
    "SSZLuWyqe7wkrz7hxZ+E5TUaOeT+Vk0NHvKPWms87c8IcvuZI22CMHLpvwiro2jJynOzDd"
    "6Y1X2CH0Q3+GZiaEiYMANmy4jtdA/3GLAnQhYG0sVJxhvL8jpDPLsLPTt01EQv2EBuW20x"
    "IDmzyxU83IAysZCrws4+x2Yks0uaWKWJtRCb1Ika26SJ9TVyvfgm1mPzdf86Y+SA2yDZLT"
    "xHkbEvWftYRx7ZkHEr6gMaWGbmXM2pZ1a+9e+AZ5xywLjd6VoIievZx3XDa/QvIyqFHodd"
    "Y0vXeRVMRyjNIRvGUB4u7+tdoQXFFbzPWKf8PXOZYwJExbDFbFKvrVC2mID5AIuFm0sTCt"
    "AUuDziQVd6SnqjjVcU4Pypdz5rwWkhnDVFLLC0ApFtXZBVu82bfraOjuMZVRWdxOzhuaJH"
    "S4d3cEO2T6ttQ2yDJqDiCJM7BosfRFsXuvthz1KYBVWxbXKGXe3VecffDK/KK39821qHmc"
    "YNcMhvsSy4WdZdkSnWWd+iXW+k9Yt3u032/DNgCHZvI+2Yx7Rj5tcCjiL9Fx5hv0vW0scx"
    "dozk4I4VRZGtFoUN75AaVwE1LukfSd5wTtNSnsU/4skQ+QoJBankqbJe2fYLUodTt4sGcu"
    "ZiN8EFVqSaLP5wlBgJPhStkiy9h4Id9lql5U9/EzR+X2M2dAMSpOQuIxCOvi+U+ISVEQhl"
    "43qWCASTmmrOtqsOQSk0ylAgdaYYhKuUGISrmLh1a86ziHKp7SuSEuQGHFprH2lKLrTd8R"
    "Lq3FAvdKrpTmWQTUI0/PQHhJ/xyJDcYRrtTveu1gLoBfWAfWv+/u0azeh0NmA33Wa/ecN/"
    "BQoTxOVIUYUj5eGdXkdiRccTMy9vbru1r/1rJGgHrNkedhs/mo2f14iyoU6eKXkZsNr9fb"
    "fzgzcddsOkB6x3861x+9DiF43xjCiWyq/eP9Rbzd63Zvv3a+SoIcBE7zof7Vzmo7/WmmKC"
    "CaaC+qbWvmmIK2OOKlwrxlrwKVQ5BbwgpWxqWxx5LirGG9ZoTs3NBPkwreR0kTnt7mIbMD"
    "pEKvlcZD57R83mO7fk9ElwGlsK5VUJeec+Td3w006YQ3K+yJx3JcVNbK5BUsnnIvOZ6wiW"
    "zj9ObOSrOBulLEMhg0MbLGxdENgT5+BMBj9EJpHPj7znKR3PNBpbyzc5pCaOthiRNSdfVy"
    "KWRRvFPcVTSzbtj00LGhd7noFDLuFWzDmd/WwvXPBU6NEyX0xSlFCmAEVjXUGKmmk5+/EF"
    "aCSoUVBFnel8mPpJJKRro+fsJRjFN3fs3D28xZgucInKLlVDsXOBzzUQOQdPgNoPrVYlac"
    "eVAGcCOHLSZEDZq0W/Jb5e2ftyYuvfFxNQzZJnCXT0mehb9+m4tecpVYsO/6okz2Tr3MEG"
    "m+IpmcNEjWdyimdXNqR+LWA9zXcAlzdRmRZVrohr39mjEj3GMuvi2WGkr8H/rUe15k5Ukq"
    "UXDUoPdczdRVOcjVvmnlQ7HO8tw41wIiUqg+1w/M1uwo1woq1ydtIOJ8aBkVhqNDe3t2jk"
    "e1L89r1nTo4HGwFvzHNf+58cXE9NOvHkkJiME7+MkpxuovhH7TfXJAqUE/AGI/2ZKIz8Mo"
    "fY5OYzU6Sj8J+5aE15Yek5MQwAg8+QL0+lTqevJVXl3y8vr64+Xb69+vj5w/tPnz58fuvp"
    "3dGf0hTwevN3roNX/SY7mdCyDYNOM7VBJrS8Rq5nSWiBPXm+0EzCxktxIEZYn5zaEkMqex"
    "llKbOpkzFd0NgaXcloB4hKmEy0r3ZGJxjSvyBM4cDlw71y32jf2jH4Nv2A/d+HxgMPrId7"
    "WyJ83x1huCPgSl/8aQ7YbaPV/NHocgJHqowL179t1MQAzOd7uL/vNno9kQ9gLRawLRniPt"
    "+b9/fi4hNdLPiVb40W/DlzF/bRg/tVzDaucOvSHnBFjCz1Ke9yqD+0vl8jTjlgtVajC3z2"
    "zDJ5GfA5A/6fE+H/HEbfUQ5ivsreHKtqssfSR3e44hRv9yvsX11++uiJ9/yPNIG+d1drta"
    "KeSpVgI77Wx8ND8zYeTD9NCEzLosoFpyyM5a3CuzeMVUznaKapfO9C2N3FkA6iTSbEU4C1"
    "U1XtLcQvYgkUgmCH9duc0nIMuQxCLY6EHFWMVGyYQ6LrcY7q5BjIIJUMgcwfAinAG86oYW"
    "px+eDJgVsRwmJE1ZWqrFicPS+HNpNAXobPJKTWfMgiu8KoZKXmQ0y7ULbJyeMjkydOkU8c"
    "T/3agMlhWsnpYnN6AqcVMMtiZlyfznW8DlOfDLeFQM+9eIaJ7NfAKoLTkl82rBEfOiL6bw"
    "YakRlWJ+jsL4sSE4R/SzfOr5F4YfQyIwxhpsA/ll/CKsDu78Abyy1MhCcmL0zNpwEFBGFD"
    "/BuUEJjLJ3SUftViNTEvK/ngjyEt36H/8X2GM//j+8Qjn/8U35kpVzBykEhW84wJ8Y76tD"
    "NiGyWU+MbV4PY22nzwRuhkMH1Ch6O83XSCRBLW9e10ggVdt42jz9X1uGjbQ9Zw7+juGF/q"
    "N+aI2wHGW0TEnQi+wZN9Pbar7XQH8PYCk53WXpEV4Mj5kyEV5HnVbGdLhIvWtmfn8AYPoS"
    "0SQmSiw7G6HrnhqT0RIXGjWeK2iVGs/mHVLAGtQzv0At7KJVnbr74HHxlRRDOpKQGtXBOK"
    "ObPm8Bnz3vKr7CG0gCv2DaroRedF3BgaLcUlsRLeqLCyIkUpd3+HAYO5p1PeEktj6NF9+U"
    "d0NqdTXSxc9PlcWCAmmqrAvYG9GowVBgffTRDo6mIYPBC7GLAB+zlbXiMFG7ORBsyGp3j8"
    "x5zA3cbGoxjo3YyzBq69wAcpXkclylQYRgT0hvvUljFghI9HE/KCDALLjc/Kp8Lo927n4R"
    "7V/0AajED2MHd+NIVHNey2Xqv54X10Pg6etS8sMnMOIH8oEz/6X4z8ZQG7gRKbq9tQbpWB"
    "52J4Ycw0s4pGZIwtgyCCx7MBsxmEqOFBT23DD6wgZmDbMSNm9FjpPdgF6vLHxToBmNWleJ"
    "kBo8wgOmwIHA0+J+fYmcADOeGP51VkaIAZc7qzesPsUS+YmvydxRMi0dxswOBPHkmjauMn"
    "zn9sQw6jAbEvgDFBijaHL/pitbAu4Dme6Zhc+L8P46JSzRLELQOuCxlwnRajlqAfHyEu7W"
    "Dms92He4ldJd8K90jKZNc5wDqPaNLJYtw+xZOwUBcjmsTIfcliCfEGD4k3eq1E8uhThJ1T"
    "d6W6PYozZqwtKBwrE12bi0PIOzXhMOEeGzgFhDzBCIxiWkQk2f0tBuxfGhw5/CxWrAXhsd"
    "0gj5CL6QVMj3rtHnKc9ogq52iOn4AUI50sVLwUE5h04jwQXGfaG22R8XiKyzHSxuI8VbxM"
    "Ik9AdJK1+HdpZyBFdDY/qTz6Cnn0HcuxUTAVbtemYQFGrDyxPr7ZpS2yZFFxgtX/8GLVl1"
    "4A+x9D+EfN9wu3LmD4vXPfaF8jbUFAO7ppNW++X6Mx7DZPA1bvPLRvGtdoBML0mAxYr/O1"
    "P3QvGtrEHLq/3HTu7lu1Jo+aH2u8PhjlofMP7d5DvXfTbdYb3HPs7UTh3fo40o9/H4ysif"
    "QIgxBpCXO7yuSXp8ZwDtoljcttqGuaSjBLONMChCEuj4ByX4z1rhyWs/VOpxVgar0ZDkh9"
    "uKs34DsT3IRB1AwcaL60ST3GZZEcFuwML0PMw6HjgVfiaL6AEz/VTnAve37inJiYC2xRmJ"
    "Njrv00xQi3LlURU52MCd2swn2ItIRH+ImmZ2dJyg8pu7nMV37CEulIB1FYixMhVkwmyACx"
    "ooKbEsnkrxW0ZYRCjgKKBcM4a4hCaANdH2NzzDixE8V4kzAxGcq0p1Cm4/hpvlLdMFeemE"
    "qMnyY8pJrRTzPhdNn8NDwCQQxHwrnDIxEwegLGikAEdyvg7TF5FADPOZ8RnSCTqCr3fdhL"
    "QlgWkZ3vG3DR7HT2ARM2S9ubI9wuBJtueIOBuTfHDTGxIxxA/td0xUDUTPLCRHwq/Nlsj4"
    "mMHSiGPJrsQDmqhlA4TfAoKoL4XCLYJ5uk3PFFdrBsao/Kkvl0mZz5dCkynwoSQ3AnwuW6"
    "mqpai7iDKfB76qlkB94N9dXQtUfSjR0JZgcSnk11DA+HefPvKhpZ4ydi8n1eN6vIJ0RVke"
    "MZPb+IHEI7mC/26PDNJNZ0RKSzZ+f/8rltw4dLZB6HSrrti3nqhLi1iZs5vHAKvBlW7prt"
    "h37jGs0ps0wyYN86D91rkSo8YLfC1YyXm/h6d1xXa/Wp5TEQr6hKaBs+EVtwJvfusU2RRe"
    "Ptrm2RMsl6Tzbe2FKnaYe1EV/n9HSL/B1YI/GKwGykEpIDL+VyYW8XSs0H/IpGor4Z6tw6"
    "FpcHmAK6RyIx3wxzRx/cAPowpeTAZhxwgvY2YUGEVPJgq69gC1YkzSA5shlHhIMkJw9WNB"
    "L1rb6DTcCPkEoebHcebMKEKK3kwmZcsHNFcsLvI5K4b4a7L1EnJ/hhSsmBDU9eNyUq7+kb"
    "oJPob3oCe7E+uQ/gIKXkwMklvPe8/js1ReH/qMR4rKODqmlu61VPH+6m8Mav9V07kxMDvR"
    "A0twyTJ4WjOaYqwlNgETqbwfs62ZbVVSLl+TVa6JpJxqbh1dfllWgizuxd32DAdLKwTDtn"
    "nQdpIToJFQrmxWR08obOFxqvAyMLrhT9u6ymuK8JXyrxjut4+D2C0nW4u7rMkkEGoxLd0O"
    "K3cLpS3rrQW5aDLpwLLYRxJohTEI4WtDFjV3Bygt6KQqbnBRz+u0jPkx1zk7+EciXnFUTa"
    "68P7PhGlRdlTnJzn/zlVwjPtgUPVHbletkN8LO96QE30Av/Bpt0HQSxUdCOC003tiTADjb"
    "GuL0GO4qKTaI9AlapTDo8LVw/dFq+ZF5Xudn6LARMtGohCdZD90FQjhl3c70VE2r8ISdBE"
    "C6ItVILOmGZH27sE505NQHteu2RgdcBeZnQ8QypxhEk7Lh+ec6HB4ocnG/OCgzMyTw6ejA"
    "bmWLo6nGFjJsPvT0OSlDFZ+40d8r6HHLKkn6aE0uTuu4scsIZJ0aA9dBETKSlKSfGgkmLN"
    "MOiUJeVW+n5NlRNxcNw6KTGZ57FiEPm1IDp1Z/dl+Eoh6CSEIHt1bLSrhUjltlb0bS3Qod"
    "f7bvPJvhE6KfoWrjRK2dE9VvOsMuKaUnMmeLQHYc5drqMRmOzEgM5aryOyOa6viXKMzkOn"
    "Cm9K66GC1Zs5VYTTC854IB9HHfJtIXEtAQIbTEqVmeC4napD26g8r0Xf2VIKSClHL80zr1"
    "CPcTo4bcD1IKXkelG47mLkY7vz9Cuui/9G+J3sVnDHl8LufZgy0jodxyO8vjzIivpweIuU"
    "0CGftZIP9gpvLTHs1niNEG8Op8mEc1l4hwPX+52h3ZHC/gkWqt2awtdMwqH1heeunu7obS"
    "XSupat5+8xOphVFB1PzLy8ve3WvvavkaAdsO5Du91s/36NdIsxgN9pCdLoN26dliAg6Cpw"
    "tda+abTERf7+Tnp3AbhG4pLTUzrNkdjE9H1yKS+DuK+XV010H/X4DtU5ZXRuzeEVeKwxB2"
    "NIJhP4Z4wOqWo4KSMrbZYQPyZ8mn1x5O3Fuz0dQynA33Ye6q0Guu82bpq9phO058kP4kfh"
    "LfJ6c3QbtVYkH+UZwJjGHPMpsPuJDonyu4ucyRCVd+gNmmmqolkmMuALzngw7Bl0ri9vfO"
    "o7tAfcbQz4xlR4GqLZx1EeBvSadw+tfq3d6Dz0rpF/pgHrg3w67H8DuaDXaMMxYBLDHPLu"
    "vEMey1aMw0A800S3G+Lm+kgilBt+KcUsqryvT0Og9gLvBoqK00E5hxEngVpWvo8rgDSmCt"
    "lAoQ8Q7kCfLxjOp6u+R602Nqs2sdoEKSWXi85lI/Z0Sst1WdFsle1yGL5W7OB0rLzhgpzd"
    "odd+ARH9PscKb0W/tWy318yXUa6mbEGqMjTDO4A9TdRn3mi/C1LK/a7I+x3PSN6Ex346ye"
    "Eic1imjBw0AumYfZmKBnXWEI6sjZmSYzjCwcE8ViKuKIlD/PV7l6g4wZYQG6teEuTj4ri2"
    "xKl8MVx/7zMiyIUrJhzIh2RyLJAv+G6/eRHi4bbKiJDhQVuGB8mQgZUxOpOK8y5FxXkXVX"
    "FA1KLxB3VvjlU1WTLy0RW2dlXlLa8hJDLFNWbqmprRB2Cv6avLTx+95cz/SFvJvbtaqxW1"
    "ir6ArDOL0SwScV0RHA7Vfbkad21iNqmp5toMPILy2TuuMm0GVymbwVWMvcOaz3Fct9rkzG"
    "QfSRlAPnRy8khTcsHtjpdY58eaO4G5SoWXG3gC44kL7AisiAotjqj8m+E2PaXEQFMN2WZv"
    "GDC3eEEVeNhIE9XD7OnU4P5VFpfrUdc0lWCWID/76UJsGGn2Sb+Ps9K7ctgPot7ptAIfRL"
    "0ZXvEPd/UGiH/i61i5xKOIyxTSvcoohBe+NEk+bENURd5WdFHA00Ch7cVpyoX4M6MXas4Q"
    "ZhrXq5H7bofbX2Ry5HGTI/0c3xLivm+qV7H+s7IltGPk7jAf6VxGYytY5zCC3jrdrQvDqt"
    "1aiqVRPTNUJlbVrZeTYwnuw1xZltTJAHUAw7qNWbJ13cN0rYl9aHpD15ap7ImqMoiysU7E"
    "Z4K0CcL+LdLph/0FBaJvDGsubHRz0SfbGR7tpr3b6Qfsp05Fc25RlJIyg+gmOrPLTb5gas"
    "J1+B9xd/HV/LzoZWJz7pCr4E9/7rtsrF3MUkog4GiGpedt4BAgK6wFvJC8kD0kZa+214a6"
    "7BRzbA7I8lMHsbDIyki7rYx0nKI9NRXk4Upc+VLxQ6rugL0h+6zS86cvn91XCSaflP1aRO"
    "y9heecYEUCkB8VDlk+xCv3jfatqELg0A9Yz71iuFduG63mj0aXlyBwrGq8LsF9rdtv1lqt"
    "P4Zfa01Rn2CBdZNyzXpot6EfMPeXVVv63AkQWVLqL5NT6i8jKfWyMlMy9KdZoydLZSYF3k"
    "zlXWk3SfILkJaQ7yfC50xJER635pT3G8zpf4+hll74HF74CdUNc+idEht8bfEzyESkIn9z"
    "XrWiTQ7VEK3kdKE57eXb5jM4ROgKHAtytCCbwuXznbyOl2LQScs3z5/MB28ypgucRTIo2C"
    "LOatSJfMG5YzOihp2MuZUdRvoa/N9hMiuPuuj3mle5lemsqZD5QjMJGy+7ZKzpQStU4qBq"
    "mkmNroYP9dX4HSe/LdyPc+hmUWkLviKc9fFElrI9UJF8Gyk9EiOczJoyE6UsYSbdXoqFBL"
    "6VrHAHiEqI9O4LffJdKAfAzvASQruXRTyB+xOdbwIx+mkyyiGyEqK9+4UMyiY8b6z+knZQ"
    "BsjK5JA+dBiM9G68Eu9GRLc9jku9Y5kj7dcdMQwsFnxEJwgOSNUHNDF0OPeNXRuf+ziH1f"
    "h4bUfH4hc0WprEQOQXEKlL3vodfoD/6jp9Jgo648PuOCecmwg6Msc0kkS/u5kHDN6BGQtN"
    "N9EM8/JayNTQAJTm3gDuqukIo5mmPf1mIJ3Ap2KYiCfEnlfRQrXsRP8JeUE2Q8SfvOrggC"
    "34XYwZbyh/xtc20kAvFj3uTU0nosl9FTFNBP3yCOAlEhTPlGQO9ZWKUCEVIbnLv5ZdPqAj"
    "UJbQcWF9TIpLe8CIlNWumiMepXFXa7au3X2z16rdfL9GhgpH1YDdNns3nS6PQqEGNxYN2M"
    "9G/VunAyNeyIjvoOE9PIsIvI/OGDyXLsqplHITHkUpdIxDl0DQyZguaHwOWzLoQSoJ/Ca1"
    "J6zRv2KbkaRVVvFIigy5vXvZwl/PfmQ0g5OF6F+ErGZcg9CmMfKGR4sgp1wMz93iBLy+MX"
    "JrmgRkyp3NemTGz2mc/bVOGTxvPN9dinA4DReqi8P2nYTTOBWvPcAB73qzXev+EY94PaZC"
    "dv2PfqMWwtxeKDFbXHL9ch/JKZQvdz4BO9HRVoScN+DqFuzXxFa1OCJV9IxVi5yDTkPtNw"
    "x8aNtNdeRa6DxvHW6WN3jNT7ZZ1NqB+OxIa8ig7AlktxmxKwrwTRGkVwXrCvppDzEQzyrH"
    "pgX67HhGxk/AM57+etaGXRLurdlXzyP8388tjhJTZ7M1yTmefNKG6QpcXCvCLmy3LxDIo4"
    "lmMaWKKEMvIPVHv/W8xEc4OwtirPtKxDr/quJpJcZU5/+5mmaom9gDhxN35FozXQ3xsbxu"
    "pcaAJ9zk5UiC/ONkiJr8N8L4HRQEX6hgoTPkN/hGxb0R79DHb6FGV8HO7zBgI6JqL/YZoq"
    "kq3xQWRB+DxsDNaLzs6LVtV4ONYi8GtddiTZNduKWdTHbhllzfqgv3MSMojruJ7tmj73+s"
    "HACHyIrb9ndDoD9kClT5kBKo8iEaqOKIJzkVPx+VzFbKoVk5Ut3QkeqiqKf0LY2hPWiP37"
    "dv83b53QX4u+hd6h6y+Tq9BakKrMseO+6tIKpmbWzSZ/JNs/RKXL2F1a/VNEXTqxGjD7Eg"
    "Gc5cmrUq5zcLHg6JwkpC3bOr/Yh6aXwS16yuC7MgKICqNsYqUvASnb19c3l1Hi3WtpMZY2"
    "PUV+/Jh4h3lDHpJxGK4a7HIP7pXUZcmjLFOe6irQh5jvfhJlere05w355u+aidZRP6ts5c"
    "tqUIXZlW6b6yCYP795bZhL3AZCcGdNYMtsgyK1KdqBu77HWXGAt4DxA7GDGMODkmfmCqSO"
    "OU1B7qUZq1Io0TRWvw2jwmDyLFjrDh1nV1Jq8K8WSmvSB4RTeAYO4TToQQE63Is/MbDJim"
    "22ISd7bO8XjGAxtsCYr8GquWQpTzL+gRpGC4LS+A++j2tlLIGC+Byv5JsQvVZpWgnMeUQt"
    "RpCFFGrPad1rXmwL3ETuXQdz6WPCLUikLCGYZTxYY5dBDawJ0QQy7LmxTHhRD1HLlnc77a"
    "JgEiKS1LXUTqIsUAese6SMxOsQOEb1YzlRTe4AZZJD2vry3ouDaZUEbN2NYiwQHVNL3O5E"
    "OH2D92UxM1qFO+Ai+Gq3uJO6AzbA9Doqeugeaw4LLbqjecOoPKJaaQCteJKFxjYG0uf6dH"
    "cUgv58n6OAVam6gMAcISBiCVSVtIaPPyinq87ExBSOre8ppat0ht6yTQteW8fH1wfSQSU6"
    "nBFkKDteX17fHtu/OUFFr/x1sk3bVGdDqeVeKCq+xfqqndbFZj9tnORqa7HDLd5ZnoRs4o"
    "bR9JkdPxNw2q/PAhS1Dlhw/JQZX8t6AAwD+qHAg7w0uI7rtMIavvUkJW30Uj4OGOZqw3OD"
    "nL3UeyVZZ70dA+RNr5UaOF//7/Xi89EQ=="
)
