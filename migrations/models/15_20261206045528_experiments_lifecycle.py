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
    "eJztXXlzIjmW/yoK9o+2Iyh3lV3XujY2AttUF9PYeABXb28xgQUpQONEovOwm5nt7756yo"
    "M8IZMzSStiYrqc6Ckzf08pvfv9uzLlGtHNs5qtUavJx3VmGfPKJfp3heEpEf9IHlBFFTyb"
    "LX6GCxYe6JICw9C+zsdy2MC0DDy0xA8jrJtEXNKIOTTozKKcwfDabEaY9oYzfY4MMuSGhv"
    "gIkWdizJFpYYu8GU4wG1M2RmIeQVRFI24grE0pMxFmGqJsSDXCLEH+TMmLeQY31vhQ3FlQ"
    "7fAeNqN/2KRv8TGxJsQQd/rxD3GZMo38SUz484eAxRC/9q35jDgoyT+pVhEjf1T4cGgbBt"
    "H62Kr8A2hnT/0RJboW4oEYLX6S152JxLUrOm4w66scC6876A+5bk/ZYvxsbk048wkos+Dq"
    "mDBiiDeGO1iGDQxhtq67zPN45LzZYojzSgEajYywrQNbgdp5gMW1Sr9/1+r2O/Vuv1+Jsd"
    "yjCHDIvTTkDJaLeFRTAjCGR3jzn+fnFxefzt9efPz84f2nTx8+v/0sxsrnjf/06S/nYRZo"
    "OVNJzBq/NO668EBcrElntcKFvyQNtrBDJTm3QF+sCG705V8xLlxPsJHMgzBVhBfiJaO88J"
    "BfxgzvwoIbi2/Kh96cmxaZVnbFkin+s68TNrYm4s/zt2+XwP291r7+VmufiFGnYdDv3J/O"
    "nd8A/xDe8FD5sHYp9ofzLpd9CON3mTB+twTjd3GMI7tSVqAjZCVE+0MWsD+kY/0hDeqkPX"
    "wl0IkbeRlg/vg+A8wf36fCDD+FYdaIhakjiYRB/lundZcMcoAkArFGhxb6P6RTM3Zmbm2f"
    "/q+RzeS+hQY21S0haJzBbf97Vzv3EsABIph5app/6EGgT25r/xPlwXWzdSUh46Y1NuQsco"
    "KrCEMMIsAw8y78MNVaK9+VUF7Lwg+KkDGgbwRMFp2SZLAjpNGPwKU98/5xjLuOQbDWEmK/"
    "uy6WgN9t3NY73drtfehLuKl16/DLubw6j1w9+RhhlD8J+q3R/YbgT/S/rbt69IPxx3X/tw"
    "LPhG2L9xl/6WMtIGR7Vz3UomKSEDCTvq5UvSBIslo7OIJPy9EPzt+9//T+88XH975a4F9Z"
    "pg04kj8oXaOndME/Du9XbhA6Zr+SuUS5IR4Js2GSQOTqzvcGaI8zrB8fwn95S8i7unhEA7"
    "/4qmpoZQkAxGsTS0IgHgDdPTSbFQn0AA+fXrCh9UOIwy/8nEeu+GPjP03Pp9ErmOGxhAfe"
    "A546hn2CUSPEmHSDxiw0bLVBA82IYYpznRvIJMYzHRJkTbCFJlw8MbL4E2HmF/QID/OIqL"
    "gyIehvv3XRo2kPHhOMF5vPt9pQkcv28FoMDxttLNUlJoWhOJastY7sMKU6sY/pxLZn2ppc"
    "D1MqrheF6x5GAba7T7/gel7D4XZNhofdRndvLNSoOdPxPLd5Nkq3RwPtEZtmyRRTPQ/MPk"
    "H5NPmL8ywAi1GpAMvfIkYTrqcs4zqzpzF9I2w6cWn3uJTBFUaMnAu6Uru5bdxdOt61Hqvf"
    "NLqt9iUiGhU6RI+1698b9d/q4orjaiPimnclcL+8VvSPWYzo0WMiYEP/GGUVNfvgd3hO4N"
    "cVF6zALEVGDtJFeDUQhLtilrfx79e0eNVqNUMH9VUj4oC7e7i9qgvsJfRiELVCfrmAIV0q"
    "Ov1nrFMhCY0skqCbLxejkmfYgji1n43KfX6h4pk20ZDQAIVGOCAjboBCKBS/KZ+CixqLvw"
    "0ysk2ixZTJ8BQnUk2k2Ho8zTTdF6GAWmgw7zHxbYqZfAW660wLnvLBHGlErnAsrdsnQrH+"
    "WfrOqTU/m82rqF0XO0Ad9SoOVa8iWZ99TRVcAnQE/5hdKd3+EbA4ydAJAZVBSYIr48ol//"
    "prm+g4xeeZFrBRiCW8seEpbAKdzQz+LPSimT3Q6VAisiFs94uZSgqawirHAtOJYW36IcIc"
    "JcJnl9ZaIegyRhJttd5P1WWW2mFg0Eo77R1nb0wyNMSJJk41S4BhIl3IZYgy9Cjee0THj1"
    "9c82oVPZG5c77JC28GBAN86KHdNOUJ+URmVuy03f4tekwGsWETiXN3IlYW+dOSszm36S+u"
    "PqITkxCkcaGCsbOhMZ9Z/BSZHGEEdskBNsWP9nTWYxonJmLcQkJofQLr8VQZjZXRWJkPld"
    "FYcV0ZjUtoNE4Pe1xtZTuG2MdK/bbWaF4iaX3tsU6zdv3rJTJ1IaP12E2jc91q31wijZoQ"
    "Cd9jv9WvvrVaYsQLGUw4F2Panc4lMkyzGJY2R1CKMyw9sm9BoQL7QjveNgL7YpJmnDNdcT"
    "WZM4nEZXAOLDt86v/TXc4F/+xptu5+8YZHWRPhgoUtO0E1zbaLLaj36C1YmL1zeQuuu43v"
    "9UvkUPfYfe2hUxfb1wyDRVLuZ7WrZt3Z0OD5YkbPw+xaDsR9IaOYSdkMSz6RKKH6PPJ/Ho"
    "BMX6dTavVnxOiLbYezBKX0q85xChtSZ4iwYwRTlIohN60H8UGh+3b9utFpuCeILx3LH8O+"
    "mna91kzHf2AbZsIZkWoPSCJV0apxf9jAwEzLFwAcJFGQrgwAlnAlbBp5A4CvvHmOC92swb"
    "/BVZU7+DfgmDDIiBhEILmhxb1jD+B9B8S496csjnK2XQ+FeGEhFW3uLrxx5sniKTxKnIQ+"
    "MxMDxDsyYm6IleuKaMemLAtwG7p4svoabzGbdzn8f9ZEilwOx2KZtZZspvLt+tHchPC7Gr"
    "AqieaPcj1dDqrckHx5IvMI6O6m7HPOHeESu79aE4Pb40mUNOBLC23q17XOde1GSoD9qHvm"
    "r6XevcW+XElw8AV+rS7z8ZnhcSvdfG2CxasIYohMkRYx8LH9DLEuc/EvJPQwYjCsI6qhE6"
    "j6MITcCnDDueYwBFEZ8lg6jSdnbH125XVTXrcjOT+O1P+ivG6vketZvG4HDm8vkNttJ8Ht"
    "3lmYsyRAhKxsUO/Ew3lY/3HZ02CwJR5hYFtJSne6UzJMpRyTW3dMwoH6L87yVTQK0Oxx8T"
    "90r/ez/rdfb0TnQ5yWpJSM8YJijwgTth+Ad+U4TAa41J7dh7vOw1Xnut24Am+uzXxNX+ux"
    "q9bD3TVcHnCxicGV69btfbPWuIOLQz6d6YJBRfH9wu0Is/pjMA6uozom0B9NmtJWfMLF1h"
    "ziCqPHsRdqTTQDv2zC9egcivNF5vwfNiVWf8Jtw+yLzddICodKZXkicRq/S8nrEEMTmbnY"
    "aD+fJjEQeJfKEZLkwM3GD5IY7qG4kZMbGqb6vD/EszgfOlOs66kW6hBhgaMVhGKHpgIFN2"
    "kWszmaEtPEY2JC5SbkOlLkv6UojDQ8Ryd3QusQt+NIvOFpzK+wpTmTjeUX558++nZy+GOZ"
    "ibxzW2s249Enng+JG1pSIvaS2NwoYTE0YbhfXk3YexdENbPq8MsJYjCIhkbUjV0K8TUTxQ"
    "H06LXSlVXExnFEbBTzDFoOExGaz6apt3U2FjsmFDGow2wlRQqbJh2z6eZw1fyJyvrtOZYG"
    "R77bECs50zcxUVmx8s5pFTm1JoAWn9FhH49GlFFr4+2+C7PVnMlKFaW3y3oCiXLF0tijsP"
    "yRJQqpPwuTrAxIajGCDP4iZfeTxTxVJBdM1ZPtTy/RRIziI4swdCIVUyQ3Lhk9JAR8pyiA"
    "NSExIXPrd+gtbLHGT0JwhcICjwvQHlNDl35EwrXkA0gR140u+0ckuOmH+9k4vt5woNpIFo"
    "dnw7lqlVPQVjkqWCqdQccZNqOCpV4j17MESy124xjTs3kqQxPs0VlJp1OiUTFrXmtP4/a2"
    "ftMQ0F8if44eu6k1mr9fImmthFz6+q/w5wshT/D3Xf07FK5k0GuuIL7J8JmaLVo4TLSWMb"
    "Zwn+aW0/ECEmEuaGN0Ct3E4p8LqTAjsEEShenqbMewpL5hymM4m+PIgM6a+Bj7dBMTZeLr"
    "eAv4dr15Sgpt8ONdjWogV2lDXANlBkuKbPgoT8Y23fmzS2uNs6YTzDP+Yk+3x/jf1Ur7Sz"
    "qgKvVKpV4dycd+pHqlsia8Rq5nsSaYup1Q4S09ptwbX7qChztp91z8dKDjTrcKPlkM5vRK"
    "XxGyEiRf7aPMlwpV2lu4hPJdZwfrDxvr4vX6M67T4caQ/d2Z7R4mK1OIlyotU/jSMlKVXq"
    "+wTNBqk1JWxlfUt1RUxqmtlmA08IuupRsN/Ppu2YI2dCjXcgK3qYp/j3kViaMc4iWqaMS5"
    "BQEWJhErAP7LhxTrSKfsyTxFphC0iOyMBG6gOQqYq2JxG9u+SY/JXsGmgHpomYhaXxBGAY"
    "agKZ4jwZIn8ZOJ+AtTVWiUKeSYDucjVYqVKeQ1cj2LKUT1ftilqg5nat82cpX5CdKUoRh3"
    "DOaMOC8FOob0zKBTbMwBR57gUk6HO0a4R8PIf7zDny7I513ZR3ZeO0JWKV8L9QTSfeJ+/v"
    "b83fn7Y8XdEc3z2P4WFMrsl7/5hdSAcjd9j5CVAPg9HJguaLlr40Xpyndw7qRInqPU96VS"
    "H4c7Pa06SleMrOqjry+2lrMhVJx502S54/tKMpnLVRviw6XFdQmUy5KW13islfdbdWm4VX"
    "DUSuNpd0KQ1wEe8RHCyKP/Iq2OsoktZLOb0MrWe4LvxDBhMzE5kibMkNkyZjvdwT167ImQ"
    "mYkMeZJBK16ozAT5cOjZpaMWesEm8hqRywHpuXCe4OGF4MmFXJV29im2YrlwysSqTKyF2K"
    "SO1NimTKyvkevFN7Eemq+71xljB9wa6YHROYqMfcka7rryyJqMW1Dv0cAysaZ6Tj2z8q17"
    "K3gGlD0GdqdLKSSuZh/ohpfon2ZcCj0Mu4a2YUDdUFcozSEbJlDuL1PuXaEFxQW8z9ig8J"
    "65zDEhomLYYtapcFcoW0zIfIDlws2lCYVoClxQcq8rfUlCqINXHOD8yYoBa8FxIZw1qS60"
    "tEKRbW0hq7Yb191sPTCHE6prBknYw3PF25YO7/CG7JxWmwYlh01AxREmtwwWHEQblwb87s"
    "xSmAVVcWxyplMf133Hn0y/Li48vmOtw4yDAQ4FLZYFN8t6K3KJdTawaFcbaYPi3XbTY3+E"
    "DMHebZQd85B2zPxawEGk/8IjHHTJ2sYwwY6RHtyxoCiy1aKw4R1K4yqgxqX8I+kbznFayr"
    "P4R3wZIl/ppTCVOlVWK9tBQWp/6nbRQM5cHii8wIpUxSYYjpIgwUeiVdKl90iww07r2vwI"
    "to2D+5qTvheQoCR3FYFw8H2hxCesikAoG9ezRCBY1NJzNqp1CUqhUUYCqTPFIFwsiUG4SI"
    "hbt6eQRZRLbV+QlCA3YN9a+4BrudD2xiuoc0M9Myg33Foq64RoBOn3CD+DyJDcYRp3rfZt"
    "rSmgl9Q99q3xy7dLNKHjSY9dtxvdxjX8KigsIS7HiiocKA/v+Ho4awYeWXl5c9Oufe1eIk"
    "nbY427frv+vVH/7RJR1jfIMyUvPVa7v2+3vkObZi9Musc619/qNw9NuGgOJ0Szdbh6/3DV"
    "bHS+Ne5+uUSuGiKY6F+H0e5lGP211pATjDCV1Ne1u+u6vDIEVMW1YqyFgEKVU8ALU6o2wM"
    "WR5+JivGkPptRaT5CP0ipOF5nT3i62BqMjpIrPReazf9Ssv3MrTh8Fp7GtUajjCL0Oub7m"
    "p50yh+J8kTnvSYrr2FzDpIrPReYz6Ai2AR8nNvPV6I1TlqGQwb4NFo4uKNiT5OBMBz9Cpp"
    "DPj7zvKR1OOE2sfpweUpNEW4zImqOvK5HIorXinpKpFZt2x6YZTYo9z8Ahj3Aj5hzPfrYT"
    "Lvgq9GCeLyYpTqhSgOKxrkKKmvCcHQxDNArUOKiyznQ+TIMkCtKV0XPOEozjmzt27l68xZ"
    "DOcInKLlUjsXOhzzUUOSeeAN09NJuVtB1XAZwJ4NhJkwFlvxb9hvj6Ze/LiW1wX0xBNUue"
    "paCjz8TYuE3HjTNPaZuakGeyce5gnY3xmEzFRPVncoxnVzak/pyJ9TTdAlz+RGVdVMMJGT"
    "71DXvTDN5rmKdtlyp1N1dkeuCM1omRYMH20Gwx0uXi/1ZjWvMmKsknGg/ej/Ri3kbzoLWb"
    "MR9V2yD/LaMNg2KlPMNtg4JNgaINg+IthbbSNijB0ZNakjU3tzdoEX1U/A68Z06Oh1tMr8"
    "3zQJukHFxfmpzjy2sJmTlBWS49LUcLjtptTk4cKDcwUIwMZuww8qfVxxaYGS2ZtgM/gwpC"
    "oQD3lJimAANmyJfPc0XHryWl5z/Pzy8uPp2/vfj4+cP7T58+fH7r2yfiPy0zVFw1fgFbRT"
    "Vo2lSJP5sw6DhTQFTiz2vkepbEH7EnT2fcImw4lwdijPXpKUAJpKrnU5ZypAYZ0hlNrGWW"
    "jnaIqIRJV7tq+3SEqQ8zwjQALh/ulfv63Y2Tq+DQ99jfH+oPkIAg7m3LNAdvhOmNEFe68k"
    "+rx27qzcb3ehsIXKkyKa3hpl6TAzDM93B/3653OjJvwp7NxLZkyvv82ri/lxef6GwGV77V"
    "m+LPibewD54EoWO2diVgj3aPK2Jg6095l8PVQ/PXSwSUPVZr1tuCz75ZJi8DPmfA/3Mq/J"
    "+j6LvKQcJX2ZliXU/37Abo9lfE4+1uhf2L808fffEe/lgm0Hdua81m3KOrE2wm10R5eGjc"
    "JIMZpImAadtUOwPKwljeKtDlYqhjOkUTrsPehbC3iyFDiDaZEF8CrJPS62whQRFLohAGO6"
    "rf5pSWE8hVsG5xJOS4YqRj0+oTw0hy6KfHioapVKho/lBRCV5/Qk2LJ+XNpwe4xQiLEX1Y"
    "qvJrSfa8HNpMCnkZPpOIWvMhi+wqRqUrNR8S2qqydU6eAJk6cYp84vjq1xpMjtIqTheb0y"
    "NxWglm2cxK6me6itdR6qPhthTowYtnWsh5DawjcVrCZdMewNABMX4y0YBMsD5CJ3/YlFhC"
    "+LcN8/QSyRdGLxPCEGaa+Mf8S1QF2P4doAHfzEJ4ZEEBb5hGKCAIm/LfQgkRcwWEjtKvWq"
    "yn5q+lH/wJpOU79D++z3Dmf3yfeuTDT8kdrHIFbYeJVNXThFD4uE87I7ZxQoVvUq1yf6PN"
    "B2+MTiUdpHSCytt1KEykYF3ddihc+HbTfINc3aGLtj1kDYuP747JJZETjrgtYLxBRNyR4B"
    "s+2Vdju9hOtwBvJzTZce0VWQGOnT8ZUmaeF02JNkS4aO2Ntg5v+BDaIHFGJYQcqjuUF57a"
    "kRES19yWt02NYg0Oq2YJaO07oRfirTySVdGtlY74yIgmm26NidDKuVTMmT0VnzHiIy+qgY"
    "rfZuKKc4MqejGg2B1Dg7m8JFfCG12srFjxzu3focfE3OMxtA7jDD16L/+ITqZ0bMiFiz6f"
    "SgvEiOuauLdgLxdjpcEhcBMkdHU5TDwQO+uxHvttMr9EGjYnAy6YLZ7i8ecpEXcbmo9yoH"
    "8zYI249iI+SPk6OtHG0jAioTe9p7bNHiMwHo3ICzKJWG4wK0yF0S/t1sM9uvodcTECOcO8"
    "+dFYPKrptD9bzC/ex4Bx4lm70iIzBQDhoSz8GHwx8oct2C0osbW4DQWrjHguhmfmhFtVNC"
    "BDbJsEETyc9JjDIERNH3rqGH7ECmImdhwzckaflf6DnaE2PC42iIBZn8uX6THKTGKIDQHQ"
    "gDmBYycSD+SGP55WkckFZsztYusPc0a9YGrBO8snRLIJXI+JPyGSRufDJ+A/diAXowViXw"
    "TGBGl8Kr7os8XCOhPP8UyH5Cz4fZhnlWqWIG4VcF3IgOtlMWop+vEB4tL2Zj7bfriX3FXy"
    "rXCfpEx2nT2s85gmnS7G7VI8iQp1CaJJgtyXLpYQf3Cf+KNXSiSPAUXYPXUXqtujPGOGfE"
    "bFsTIy+FQeQv6pKQ4T8NiIU0DKE4yIUYzHRJLt36LH/snFkQNnsWbPCMR2C3mEnI3PxPSo"
    "c9dBrtMeUe0UTfGTIMXIIDMdz+UEFh25DySuM/6GzzIeT0k5Rnwoz1PNzyTyBUQ3WQu+Sy"
    "cDKaazBUnV0VfIo+9Qjo2CqXDbNg1LMBLlidXxzR5tkSWLihus/rsfqz73A9h/74t/1AK/"
    "gHUBi99b9/W7S8RnRGhH183G9a+XaCh2m6ceu2o93F3XL9FACNND0mOd1tdu37to8pHV93"
    "65bt3eN2sNiJofcqijRiF0/uGu83DVuW43rurgOfZ3ouhufRjpJ7gPxtbE8giDCGkJc7vK"
    "5JenZn8qtEualNtwxblOMEs500KEES4PBOWuGOtf2S9nr1qtZoipV41oQOrD7VVdfGeSm2"
    "IQtUIHWiBt0khwWaSHBbvDyxDzsO944IU4mi/gJEi1FdzLnp84JRYGgS0Oc3rMdZCmGOHW"
    "pSr2apAhoet1AoiQlvAIP9L07CxJ+RFlN5f5KkhYIh1pLwprcSLEiskEFSBWVHCXRDIFaw"
    "VtGKGQo9BkwTDOGqIQ2UBXx9gcMk7sSDFeJ0xMhTLtKJTpMH6ar9QwrYUnppLgp4kOqWb0"
    "04yALpufBiIQ5HAknTsQiYDRk2CsDETwtgJoIwpRAJBzPiEGQRbRdfB9OEtCWhaRk+8bct"
    "FsdfYekzZLx5sj3S4EW154g4nBm+OFmDgRDkL+54ZmImqleWFiPhV4NsdjomIHiiGPpjtQ"
    "DqohFE4TPIiKID+XGPbpJilvfJEdLOvao7JkPp2nZz6dy8yngsQQ3MpwuTbXdXuWdDCFfl"
    "96KjmBd31jMXTlkXTtRII5gYQnYwOLh8PQJL2KBvbwiViwzxtWFQWEqCpyPaOnZ7FDaAvz"
    "JR4dgZnkmo6JdM7s8K+A2zZ6uMTmcamU276Yp06EW+u4maMLp8CbYeW2cffQrV+iKWW2RX"
    "rsW+uhfSlThXvsRrqa8XwdX++W62otPrU8BuIFVQltw0diC87k3j20KbJovN22LVIlWe/I"
    "xptY6nTZYW0m1zk93iJ/e9ZI/CIwa6mEZM9LuVzYO4VS8wG/oFGor4c6WMeS8gCXgO6TKM"
    "zXw9zVB9eAPkqpOLAeB9ygvXVYECNVPNjoK9iAFWkzKI6sxxHpIMnJgwWNQn2j72Ad8GOk"
    "igebnQfrMCFOq7iwHhecXJGc8AeIFO7r4R5I1MkJfpRScWDNk9dLicp7+oboFPrrnsB+rE"
    "/uAzhMqThwdAnvHb//Tk3T4B+VBI91fFB1mdt60dMH3BT++JW+a3dyYqIXgqa2aUFSOJpi"
    "qiM8FixCJxPxvm62ZXWRSHl6iWYGt8jQMv36ulCJJubM3vYNeswgM9tyctYhSAvRUaRQMB"
    "STMcgbOp1xqAOjCq4U/busLnFfE1gqyY7rZPh9gtJ1uLs4z5JBJkaluqHlb9F0pbx1oTcs"
    "B104F1oE40wQL0E4XtDGSlzB6Ql6CwqVnhdy+G8jPU91zE3/EsqVnFcQaa8r3veJaE3Knp"
    "LkvODPSyU8yxnY172Rq2U7BGOh6wG10Iv4D7acPghyoaJrGZxu8SfCTDTEhjEXchSITrI9"
    "AtWqbjk8EK4e2k2omReX7rZ+ix6TLRqIRg0h+6ExJ6ZT3O9FRtq/SEnQQjPCZzpBJ4w70f"
    "YewalbE9CZ1ykZWO2xlwkdTpBOXGHSicsXzznjYvGLJxtCwcEJmaYHT8YDc2xD70+wOVHh"
    "98chSaqYrN3GDvnfQw5ZMkhTQmly+91F9ljDpGjQ7ruIiZIUlaS4V0mxZpp0zNJyKwO/Lp"
    "UTcXjcKikxneeJYhD5c0YM6s0eyPBVQtBRCEHO6lhrV4uQqm2t6NtaqEOv/93mk31jdEr0"
    "LVxplLKje6jmWWXEdUnNmfDRHoY5d7mOemiyIwM6a72O2Oa4uibKIToPHSu8S1oPFazezL"
    "EivLzgjA/yYdShwBaS1BIgtMEsqTITHrdVdWgTlee16DsbSgFLytEr88wr1GPcDk5rcD1M"
    "qbheFK57GAXY7j79guvyvzF+p7sVvPGlsHvvp4y0QYfJCK8uD7Kg3h/eMiW0D7NW8sFegd"
    "YS/XYNaoT4c7hNJtzL0jscut5t9Z2OFM5PYqE6rSkCzSRc2kB47uLpDt5WYlnXstX8PUQH"
    "s4pm4JGVl7c37drX7iWStD3Wfri7a9z9cokMmzEBv9sSpN6t37gtQYSgq4mrtbvrelNehP"
    "d307sLwDWSlJy+pNMcSUxM3yWX8jIIfL1QNdF71MM7VKeU0ak9Fa8AscYARp+MRuKfCTqk"
    "znFaRtayWSL8GME0u+LI27N3OzqGlgB/03q4atbRfbt+3eg03KA9X36QP0pvkd+bo12vNW"
    "P5KM8CjHHCMb8E9iDRPlF+d5YzGaLyDr1BE65r3LaQKb7gjAfDjkEHfXntU9+l3eNuY4pv"
    "TBdPQ7hzHOVhQKdx+9Ds1u7qrYfOJQrO1GNdIZ/2u9+EXNCp34ljwCKm1YfuvH2IZSvGYS"
    "CfaWQ4DXFzfSQxyjW/lGIWVd7VpyFRexHvJhQVt4NyDiNOCrWqfJ9UAGlINbKGQh8i3II+"
    "XzCcj1d9j1ttHFatY7UJUyouF53LZuLptCzXZUGzUbbLfvhacYLTsfYGBDmnQ6/zAjL6fY"
    "o1aEW/sWy308yXQa6mbGGqMjTD24M9TdZnXmu/C1Oq/a7I+x1kJK/D4yCd4nCROaxSRvYa"
    "gXTIvkxFgzprCEfWxkzpMRzR4GCIlUgqSuISf/21TXScYktIjFUvCfJJcVwb4lS+GK6/dh"
    "kR5MGVEA4UQDI9FigQfLfbvAj5cBtlRKjwoA3Dg1TIwMIYnUnFebdExXkXV3GEqEWTD+rO"
    "FOt6umQUoCts7arKW6ghJDPFObMMrmf0AThr+uL800d/OcMfy1Zy57bWbMatoi9C1pkkaB"
    "apuC4I9ofqrlyN2zYxW9TSc20GPkH57B0XmTaDiyWbwUWCvcOeTnFSt9r0zOQASRlA3ndy"
    "8oBrueD2xius82MNTmBQqfB8DU9gMnGBHYEVWaHFFZV/Mr2mp5SYaMyRY/YWA6Y2FFQRDx"
    "trorqfPZ2a4F9lSbkeV5zrBLMU+TlIF2HDgDsn/S7OSv/Kfj+Iq1arGfogrhrRFf9we1UX"
    "4p/8OhYu8TjiKoV0pzIKgcKXFsmHbYSqyNuKIQt4miiyvbhNuRA8M3qh1gRhxkGvRt677W"
    "9/UcmRh02ODHJ8Q4i7galexfrPypbIjpG7w3yscxlNrGCdwwh643a3LgyrtmspVkb1zFBZ"
    "WNc3Xk6uJbgr5sqypI4GqD0Y1h3M0q3rPqYrTex9yx+6skxlR1aVQZQNDSI/E8RHCAe3SL"
    "cf9hcUir4x7am00U1ln2x3eLyb9nan77HfDCqbc8uilJSZxLDQiVNu8gVTS1wX/yPeLr6Y"
    "H4pepjbnjrgKfgRz31Vj7WKWUhICDjdtI28DhxBZYS3gheSF6iGperW9NtRVp5hDc0CVn9"
    "qLhUVVRtpuZaTDFO2p6UIeriSVL5U/LNUdsD9kl1V6fgTy2QOVYPJJ2a9FxN5ZeM4RViQQ"
    "8qMGkOVDvHJfv7uRVQhc+h7reFdM78pNvdn4Xm9DCQLXqgZ1Ce5r7W6j1mz+3v9aa8j6BD"
    "NsWBQ0677Thr7HvF8WbelzJ0BkSak/T0+pP4+l1KvKTOnQH2eNniyVmTTxZjp0pV0nyS9E"
    "WkK+HwmfMyVF+NyaUug3mNP/nkCtvPA5vPAjaphW3z8l1vjakmdQiUhF/ub8akXrHKoRWs"
    "XpQnPaz7fNZ3CI0RU4FuRgQTaFy+c7eh1viUFnWb55/mQ+8SZDOsNZJIOCLeKsRp3YF5w7"
    "NiNu2MmYW9lipMvF/+0ns/Kgi36neZUbmc4aGpnOuEXYcN4mQ26ErVCpg6rLTGp0MbxvLM"
    "ZvOflt5n2cfS+Lis9gRbjr44nMVXugIvk2lvRIjHEya8pMnLKEmXQ7KRYS+laywh0iKiHS"
    "2y/0CbtQDoDd4SWEdieLeCTuTwzYBBL003SUI2QlRHv7C1kom+J5E/WXZQdliKxMDul9h8"
    "Eo78Yr8W7EdNvDuNRbtjXgf94S08Rywcd0gvCApfoAl0P708DYlfG5j1OxGh8vnehY/IIG"
    "c4uYiPwpiPQ5tH4XP4j/GgZ9Jho6gWG3wAn3JpKOTDGNJdFvb+YeE+/AzBk3LDTBUF4LWR"
    "z1hNLc6Ym7cgNhNOH86ScTGUR8KqaFICH2tIpmuu0k+o/IC3IYIv+EqoM9NoO7mBNoKH8C"
    "axtxoRfLHvcWN4hscl9FjMugX4gAniNJ8UxJ5lBfpQgVUhFSu/xr2eVDOgJlKR0XVsekeL"
    "R7jEhZ7Ko54lHqt7VG89LbNzvN2vWvl8jUxVHVYzeNznWrDVEo1ARjUY/9Vr/61mqJES9k"
    "ADtodA/PIgLvojMG5NLFObWk3IRPUQodY98lEAwypDOanMOWDnqYSgG/Tu0Je/DPxGYkyy"
    "qr+CRFhtzZvRzhr+M8MpqIk4UYX6SsZl4KoY0z8gaiRZBbLgZyt4AA6hsjr6ZJSKbc2qwH"
    "ZvyUJtlfrygTz5vMd48iGk4DQnVx2L6VcBq34rUPuMD7qnFXa/+ejPhVQoXsq9+79VoEc2"
    "ehJGxx6fXLAyTHUL7c/QScREdHEXLfANQtsV8TR9UCRKroGes2ORU6DXXeMPShbTbVgWuh"
    "Q966uFne4LUg2XpRa3visyutIZOyJyG7TYhTUQA2RSG9atjQ0G/OEBNBVjm2bKHPDidk+C"
    "R4BumvJ3dilxT35s7V0xj/d3OLg8TUOWxNc46nn7RRugIX14qxCzvtCyTyaMRtplURZehF"
    "SP3xbz0v8QHOzoIY674Suc6/6nhcSTDVBX+uLjPUjZyB/ZE3cqWZroZgLNSt5EzwBExeri"
    "QIHydD1ILfCIM7aEh8oZKF7pCfxDcq742gQx/cQo+vgq3foccGROcvzhnCdR02hRkxhkJj"
    "ADMalB29dOxqYqPYiUHttVjTVBduZSdTXbgV1zfqwn3ICIrDbqI79ugHHysHwBGy4rb9XR"
    "PoD5kCVT4sCVT5EA9UccWTnIpfgEplK+XQrFypru9KdXHUl/QtTaDda4/ft2/zdvndBvjb"
    "6F3qHbL5Or2FqQqsyx467q0gqmZtaNFn8o3bRiWp3sLi1+oyRdOvEWP0sSTpTzyalSrnN1"
    "s8HJKFlaS651T7kfXSYBLPrG5Is6BQAHU+xDrS8BydvH1zfnEaL9a2lRkTY9QX7wlD5Duq"
    "mPSjCMXw1mMY/+VdRjyaMsU5bqOtCHlO9uGmV6t7TnHfHm/5qK1lEwa2zly2pRhdmVbprr"
    "IJw/v3htmEndBkRwZ01gy22DIrUp2oa6fsdZuYM/EeQuxgxDST5JjkgUtFGrekdt+I06wU"
    "adwoWhNq81gQRIpdYcOr6+pOXpXiyYS/IPGKXgDBNCCcSCEmXpFn6zfoMW44YhI4W6d4OI"
    "HABkeCIn8OdVsj2ukX9CikYHFbKID76PW20sgQzwWV85PmFKrNKkG5j6mEqOMQosxE7XtZ"
    "15o99xI7lkPf/VjyiFALCgVnFE4dm1bfRWgNd0ICuSpvUhwXQtxz5J3N+WqbhIiUtKx0Ea"
    "WLFAPoLesiCTvFFhC+XsxUUnjDG2SR9Lwun9FhbTSijFqJrUXCA6rL9DoLhvZxcOy6Jmqh"
    "TgUKvJie7iXvgE6wMwzJnrommooFl91WvebUGVQuOYVSuI5E4RoK1ubyd/oU+/RyHq2PU6"
    "K1jsoQIixhAFKZtIWUNi+vqMfL1hSEtO4tr6l1i9K2jgJdR87L1wc3QKIwVRpsITRYR17f"
    "HN+uN09JoQ1+vEXSXa8hvalts0qiW9L9rbpMY/3DxkKEnfdlolTfcIevVFq7Xm6VUCyDyi"
    "SaYaiZjwSUHBkEysygE27IZDoMSiiSLXROZR/hqpeBE1Nctzt9j7lviaRkLT2LMy7mFBfw"
    "yxl6dAqPmdLtiGU+LOjIDoDyJwSpsmbm1pjxyqzQJLOKfqzfzkepxftSi8UzjsdJp062Ii"
    "sB8kLXNug8XN02upeQ/DalVo+1vtfb7cZN/RLxZ2IYVBOfTa1Zb4shfterw5dVcT/kXFaL"
    "AM2adovj8bZtw27h7oZxjNNrDARINqoxsF6ux3+NbDaUx8PAprpFmXkG9/vvyv7x30kpAP"
    "eD1EhC7s3SnJAwoUoLyZEW4m2CfcatBCNpesZ9jLAMaQr7Li0jZE9u5C7wHabaY7KZOTct"
    "Mt3VdrOH2sgqRzod/ePMls2SI124XjOHZvVuLVpL+5vkbzezWYeTYhwou+lxsjfzy98dze"
    "Je2hIqCTaY8IBqFkPMbDF2pRWmBQXihnxGoGSctFFVwV5iUG6IqWRVYUaorHp04oRTSzae"
    "gsnD1on5iKZ4BiYPaWuJWWG2O32PQf1RiCcf6Hz49LOAn/3MR6MvCK6bUJtF48SUxYoBRv"
    "REyEzaaqRU/4YyZEKlFXFrVWdF1Vk5pt2uxDKEqrNSNq4nhD3E6qx4Z8C6RtIgfYH148pd"
    "q31ba0IBQGOK9R771vjl2yWa0PGkx67bjW7jGn4VFJYQUmLdAw5jIp1S1s8f2hWiUmbSLG"
    "ZSEHFyGUk9gmKYSOG2pTGRHiIgo2DLfcfa675DBQqG7tFHCnBmEWbVGNbnJk3OY44MqS7N"
    "YHYG93Fw9Jabdnr3gHKccn64178c36p8pL5QB02YWkWcH4VrPcrQrIb9KF2hHevmBJ9/+O"
    "jVAXIkR/ovWW5WLl/IYpevg07kp/YveD732zsLvmm8oPV2p95zCcHg15vZoxOgKTTTDTLl"
    "FgGLmKz3FONcwu/7VgtCG2YOHsQIi8yINZ1qF5mcahdLnGoXcafaYWJVigb0rpNs7IGjt+"
    "ZSxcJU+9fH1thh/t2T9iQ8oLBAegBiz8kUgn+/PRMHuRxhcgYXepWzs7Me2HfEf/+K7Ucb"
    "z3Zgfc8QcvWzp2hkj1IKEB0F038IrngaBfDhHbAFMAgwBS4FOPfJYZKQgMFMBT1PRtQwY+"
    "F7W576wMvhicz9zg5ZV0OQ5hgWQ2FtL0KopBbNtwEHaRT4G4DvSf5rOGAipCX0wByvx8Vx"
    "tMXMcYexHdWIQYeTSlIJX+eX6jJLEV6M2ap9SDn7D+jsX0OPLLcGef7hQ5awzA8f0sMy4b"
    "fI5i4+qhwIu8NLiO67TPr5uyX6+buEoFfHIJZHbAmQKKklp9Ry0MPsr/8HUT8zJA=="
)
