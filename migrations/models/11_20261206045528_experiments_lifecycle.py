"""Migration 11: the experiment lifecycle (seed, holdout, test-then-send, decision) and
per-variant tallies.

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
        COMMENT ON COLUMN "delivery"."status" IS 'PENDING: pending\nQUEUED: queued\nSENDING: sending\nSENT: sent\nDELIVERED: delivered\nFAILED: failed\nDEAD: dead\nSUPPRESSED: suppressed\nSKIPPED: skipped';
        DROP TABLE IF EXISTS "variant_tally";"""


MODELS_STATE = (
    "eJztXXlz2ziW/yoo7R/tVCmexM417q2tkmylo2lZ8upIT280JUMiJHFMAhwedmtn+7svAB"
    "7iAVKkTopGVVfaIvFA8vdwvBv/rulEQZp12XAU1e6QRQvb5qp2A/5dw1BH9A9xgzqoQcNY"
    "32YXbDjVOAVkTScaWfBmU8s24cymN+ZQsxC9pCBrZqqGrRLMmjcMA2HlLcHaCphoRkwFkD"
    "lAz8hcAcuGNno7W0K8UPEC0H4oUR3MiQmgoqvYAhArQMUzVUHYpuTPKnqxLtmDFTKjT6ZU"
    "B3yGg9V/OWhikwWyl8ikT/rxD3pZxQr6A1ns5w8Ki0nvTuyVgVyU+E9VqdGWP2pkNnNMEy"
    "kTaNf+wWiNp8lcRZoS4QFtTW/x625H9FpTXbSx/ZW3ZZ87ncyI5uh43d5Y2UuCAwIV2+zq"
    "AmFk0i9mT7BNhzEEO5rmMc/nkftl6ybuJ4VoFDSHjsbYyqjdF1hfq00m3d5wMmgNJ5Nagu"
    "U+RYhD3qUZwWy40Fe1OAAL9gpv/3p1dX39+erd9acvHz98/vzxy7svtC1/3+Stz3+6L7NG"
    "y+2KY9b+pd0dshcidEy6o5Vd+JPTQBu6VJxza/TpiCDmhP9KcOF2CU0xD6JUMV7Qj4zzwk"
    "c+ixn+hTU31nMqgN5aWTbSa4diiQ7/mGgIL+wl/Xn17l0G3N8b/dtvjf4FbfUmCnrXu3Xl"
    "3mP4R/BmL1UMa4/ieDgfcthHMH6fC+P3GRi/T2IcW5XyAh0jqyDaH/OA/TEd649pUIvW8I"
    "1ACxfyKsD86UMOmD99SIWZ3YrCrCAbqq4kEgX5b4NeVwxyiCQGsaLObPB/QFOtxJ65t3X6"
    "P+cO5usWmDqqZlNB45I99r8OtXJnAM4gYj3rlvUvLQz0xX3j73Ee3HZ6TQ4ZseyFyXvhHT"
    "RjDDERBcMqOvCjVFuNfE9CeS0DPyxCJoC+ozDZqo7EYMdI45PAo730/zjHVcdEUOlRsd8b"
    "FxngD9v3rcGwcf8QmQl3jWGL3bniV1exqxefYowKOgG/tYffAPsJ/qfXbcUnTNBu+D819k"
    "7QsckEk5cJVEJCtn/VRy0uJlEBUzS7UvWCMMlm7eAMpparH1y9//D5w5frTx8CtSC4kqUN"
    "uJI/U7rmT+mCfxLer8RE6gL/ilYc5TZ9JYhnIoHI050fTKY9GlA7P4T/9IeQf3X9iiZ8CV"
    "TVyMiiANDPRjaHgL4A6I46nRoHegpnTy/QVCYRxNkdckViV4K2yVv6lR6/AjFccHjYd7C3"
    "TmAvMGpEGJNu0DAizTYbNICBTIvu68QEFjKf1RkC9hLaYEnoGwObPCFs/Qwe2cs8ApVeWS"
    "Lwt9+G4NFypo8C48Xu/W02VBSyPbwWw8NOC0s9w6Qwo9uSvdWWHaWUO/Y57diOoWzJ9Sil"
    "5HpZuO5jFGK79/Zrrhc1HO7XZHjaZfTwxkJFtQwNrgqbZ+N0RzTQnrFpFulQ1YrAHBBUT5"
    "O/vsoDMG2VCjC/FzOaEC1lGLewoyf0jajpxKM94lBmrjBkFhzQtcbdfbt743rXxrh11x72"
    "+jcAKSrVIca43/rebv3WoldcVxui1/wroecVtaJ/ymNEj28TIRv6pzirVGvC/A7PAn41CW"
    "UFxCkycpguxqspJTwUs/yF/7imxWav14ls1M12zAHXHd03WxR7Dj1tpNoRv1zIkM4Vnckz"
    "1FQqCc1tJNDNs8UocQ97EKeOs1B5709VPMtBCqAaINUIp2hOTKYQUsVPJzpzUUP620Rzx0"
    "JKQpmMdnHB1UQV2o9vcnX3M1VAbTBdjTGdm7SnQIEeut0yT/l0BRTERzjk1u0Lqlj/hfvO"
    "VXt1aazqoN+iK0ALjGsu1bjGWZ9/TJVcAnQF/4RdKd3+EbI48dAJCpWpIoEro+mRf/21jz"
    "SY4vNMC9goxRDe2fAUNYEahkmeqV5kOFNNnXFEdoTtYd1TRUGTWBUYYBoy7V0nIuujQvgc"
    "0lpLBV2MkdBW69+qZ1lqZ6FGG+20XYLfWmhm0h2N7mo2BcMCGpXLgIrBI/3uubp4/Nkzr9"
    "bBE1q5+xu/8HaKIIMPjPodi++QT8iwE7vt/h8xxjyIDVqA7rtLOrLQHzbvzX3MZH31EVxY"
    "CAGFUBUMX87MlWGTN8AiAAJml5xCi950dGOMFYIsgIkNqND6xKzHujQaS6OxNB9Ko7Hkuj"
    "QaV9BonB72uNnKdg6xj7XWfaPduQHc+jrGg07j9tcbYGlURhvju/bgtte/uwGKarFI+DH+"
    "rdX81uvRFi9ouiSEtukPBjfAtKxyWNpcQSnJsPTIvjWFDOyLrHj7COxLSJpJzgzpVTFnhM"
    "RVcA5kbT6tvw+zuRDsPZ1e9xe/eZw1MS7Y0HYEqmm+VWxNfURvwdrsXchbcDtsf2/dAJd6"
    "jB8ao0GLLl8GZBZJvp41mp2Wu6Cx90sYPU+zarkQT6iMYomyGTKmSJxQTo/i04MhM9FUXb"
    "UnBjIndNkhWKCUftUITGFDag8xdsxZF5ViyF1vRCcUeOi3btuDtreDBNIxvxn11fRbjU46"
    "/lPHtAR7RKo9QEQqo1WT/rCpCbFSLAA4TCIh3RgAzOESLBpFA4Cbfj/nhW7e4N/wqCoc/B"
    "tyTJhojkxEkdzR4j5wpux7p8h8CLosj3K2Xw8F/WAqFe3uLrxz+8njKTwbnHb0VOR1md1D"
    "vBoS9m/efIBCfrNyWWcy1gT+dZN4iH30W002EJEStPIcNi6qxOR8eUKrGOje2hJwzmvhEX"
    "t37aVJnMUyThpyCUXWptvG4LZxxwWZSdzL8Gemk2q9vNQEfqrQ3XqWq8qKttvoreojSD+F"
    "ErMAC27YYa6iv7CQjRX9C1B1ApkYakBVwAUrXjBjKQLMm+RZdQALLuCr65tkjsHee5fOI+"
    "k8OpP940zdCNJ59Bq5nsd5dOIo7RJ5jw4So+3vhQUz22NkVYP6II6607pBq57NAW36ClPH"
    "FumO6b61KJX0r+3dv8Y21P8luFhhnhDNEQf/aHh7nPG//7IZGpnBtFwbMcZriiMijPBxAD"
    "6U/+sVOihH3cGoObjtt5vMKengQNNXxrjZG3Vv2eUpoYsYu3Lbu3/oNNpddnFGdEOjDCqL"
    "C5M9DmF7sqDfhbdRHQX0Z5NtsxfXZrk1h6TC6HPsRbWXiglfduF6vA/J+bJxfqscJemmOQ"
    "83TTnnSjZMiO4Tu+bbtPACLhDLXGyx3iqKFLQsdYH13eFqBB1Vae4dMklJuG5leoKi61se"
    "n9DEiJJsdA/1MAImeWGlosDFup86sImhzurAc4O9uQFL2orMbYTrrv9miTBP/rEJC6CzHX"
    "OadA/tvXeBe+hHzCXGu2Z/+B68f8QcSD/cJp49LeoMnPM6kni2klW1S1pVWzqk0hl0nq4J"
    "6ZB6jVzP45Bar8YJpuezBkU6OKJBSNV1pKi016I2ofb9feuuTaG/AUEfY3zXaHd+vwEKVL"
    "UVS7tp/cp+viD0xH53W99ZjRvMjqUoh/3nX46K7MmSOKY1oZwxRZkeqRNWSJw2byup/0fm"
    "oXAOrsH/8kY079iUS+UIEsWm5uMHEkayS24U5EZM5swXsRQl2ioKu3Rb154j20N6UCFoE3"
    "QSXWEdrbXWlBPYMInEdHPiQFST3TF7IBpRemZA580hSExdYbBuchzvAd+h309FoQ1P3s2o"
    "huKld8Q1VLGnoshGt3IxtukulUPaKN0xLTBKBoM93QoZzKuNVsd0QGX4twz/PpPJfqZ2F2"
    "lte41cz2NtszRHUCwlPa7Nb1+52kEHOTmx/CHJ5x3yHX6zBMzpRTNiZBUIAD9GxQwZAFTi"
    "IASZf3z4/GOu62yXfRxWq1NyjwNNak+Zx24dCYFWFxSYSNfqgloW+WJJNJbTe8EeU6d/L0"
    "gd0LWW+Q7YyejEZrEfFqIjgP2fzFSoAU3FT9YbYNGdEPEq8O7x6iF7QiKkZN8PGWN+LppF"
    "oZ7ZFlDtnwEEIYYAHa4AZckTvWUB8oJlqrLUVc9pqzlTrUXqqq+R63l0VVnn9pC6FNtTJ4"
    "5ZKBc8TFOFwoMJmHPinAl0AmnDVHVorhiOoiOD0+FOEB5Rc/2P9/DzNfpyKAX24AmGvCLj"
    "VqgLSI+J+9W7q/dXH84Vd1c0L2KcWVNIu0zxQr9cAyp8wGWMrALAH2HD9EArXEAlTle9jf"
    "MglVRcpX7Clfok3OklKOJ0sghF9qqTswjFVtbgSAW/rU3B+WNFSjZLciXrySPXTpetN0Ss"
    "pgK3vCaDYfx79cx4mHCrjcbT4RIB/7RLQOYAAp/+Z2515Ad2sSReix3b5b/Bd2RabDGxCO"
    "AmzIjZMmE7PcAzxvgJIcMCJt/J2LFjLH2fHQYGnj061QYv0AL+oYu8QXoyny94+DFSfCDX"
    "uZ1dh3YimU+aWKWJtRSL1Jka26SJ9TVyvfwm1lPz9fA6Y2KD2yK/Md5HmbGv2OFinjyyJe"
    "PW1Ec0sCxtXSuoZ9a+De8pzxjlGDO70w0XEjezj+mGN+CfVlIKPQ27Zo5psuJSnlBaQDYU"
    "UB4vlel9qQXFNbzP0FTZdxYyx0SIymGLYc87a1tMxHwA+cAtpAlFaORRPxsz9ly8kgAXzy"
    "YLWQvOC+G8WU+RoRWJbOtTWbXfvh3mO+9ntlQ1xUSCNbyIRax6eEcXZHe32tFsGDMBlUeY"
    "PA/boQ9bhgkxhOxmS2JYBtlvkt2PiLXSf4w0tp3S2FZcVD2JiFp6hMN+Q8ecCZTtjDNVA4"
    "oyq9aljUGQakEJ1QJpxE9fcM7TnJvHiB/IEMUKuESp5K6yWSMMC1LH0wnLBnLuIiPRAVam"
    "WhjhmAmBBB8LqUiX3mMe+YNWx/gRPgCDPddaTnyvuZTcpZv85OtChXdY6SavGtfzuMlt1S"
    "52HFRAUAmNMhbtm8tRfp3hKL8WBFc7Okt1KaS2r0kqEMB+bK19SpRCaPvtJdSFoTZMlZiq"
    "vXWB6zD9EeHHLHyhcCxBt9e/b3Qo9Jx6jL+1f/l2A5bqYjnGt/32sH3L7lIKm4rLicz/Ey"
    "WLnd9pdIoJ53ZR3tz1G1+HN4DTjnG7O+m3vrdbv90AFU9M9KyilzFuPDz0e9/ZgXN+LO8Y"
    "D26/te5GHXbRmi2R4mjs6sOo2WkPvrW7v9wATw2hTAyus9beZdb6a6PNO5hDlVPfNrq3LX"
    "5lxlCl18oxFkIKVUEBL0opDzQrjzyXFOMtZ6qr9naCfJxWcrrMnPZXsS0YHSOVfC4zn4Ot"
    "ZvuVW3L6LDgNHUVl1eCoyGIRbcupndKH5HyZOe9LitvYXKOkks9l5jPTERyTTU5oFav0ma"
    "SsQrb9sQ0Wri5I2SNycKaDHyOTyBdHPvCUzpZEFdZQTQ+pEdGWI7Lm7IsfCFm0VdyTmFqy"
    "6XBsMlRRgHQODvmEOzHnfNazg3AhUKGnq2IxSUlCmaeSjHWlUtSSFDwHLUIjQU2CyoshF8"
    "M0TCIh3Rg95w7BJL6FY+ce6FfMVANWqDZQPRY7F5mukcg5+gagO+p0amkrrgQ4F8CJnSYH"
    "ykHB9B3xDWqzVxPb8LqYgmqeZEBKpz4jU931TIk7t5/VoYTqEyAeGZXoGbHmO2HUwgu4QD"
    "rtqPWMznHvyofUHwYdT/oe4Ao6qtKgKhRxHdp7NCQ6BtzHs4fRkNB/NqPa8DuqyNBLBqXH"
    "Tirdx8ktWx9VelZntgRfGT+tJVFHMXpmS/hElvhpLcnzXPZyZovAgZFaD7Mwt3c4QPWs+B"
    "36zoIcjx7AujXPQ2fUFOB6ZtJJIIcIMk7CMkp6uokSbnXYXJMkUF7AG20ZzkTB6A97Am1m"
    "PrN5Ogq7zURrlVU/1pFlUTBYD8XyVJrq4rWkqvz16ur6+vPVu+tPXz5++Pz545d3gd6dvJ"
    "WlgDfbvzAdvB422cmEll0YdJ6pDTKh5TVyPU9CC12TdYPYCM9WfENMsD49tUVAKg/cyVML"
    "0kQz1VCFhaTS0Y4QVTCZ6FBn7pxhSL+BsMKAK4Z77aHVvXNj8F36Mf7vUWvEAuvpsx0evu"
    "+3sPwW9MqQ/7TH+K7VaX9v9RmBJ1WKwvXvWg3eALL+Rg8P/dZgwPMBHMOgy5LFn/Nr++GB"
    "X3xSDYNd+dbq0J9Lf2CfPLhfg3jrMqw+7RFHxNTRnooOh+ao8+sNYJRj3Oi0+pTPgVmmKA"
    "O+5MD/Syr8X+Loe8qBYFYOdKhp6R7LEN3xilO8O6ywf331+VMg3rMfWQL94L7R6SQ9lRqC"
    "lrjWx2jUvhODGaaJgek4qnLJKEtjeauxIwZmGlR1sCQaW7sA9FcxYFLRJhfiGcC6qaruEh"
    "IWsTgKsbPdY/ptQWlZQC6DUMsjIScVIw1a9gSZpshRnR4DGaWSIZDFQyA5eJOlatlElA+e"
    "HriVICxHVF2lyoqJ7HkFtJkU8ipMk5ha8zGP7EpbpSs1HwVnWuJtdp4QmdxxyrzjBOrXFk"
    "yO00pOl5nTUddUziDDKJGs0icI3Uz6qnJimySU+Ipq6zpT9h5TVDDmOEEng2RTjtcoepRD"
    "lEjCuvksh2ihxl3jYwsduVm25SFvGGdydRSX8BRscXvAeIdIlzPBN7qzb8Z2vZzuAd5BpL"
    "PzWivyApzYf3KEeHsr6x4Q/r7uqZrwRjehHQK9ZQDzqU4z8cPOBtzzeUsc/tjU6LRws3qe"
    "QLWJ61KlX+WTbDwseUAnGVIAWxwXyAI24QcOY0en05gdbLzOCgAGveI+oA5eTFacCYPpil"
    "/iI+GtRkdWotjc/p8wxrTvxQKZFiAYPPof/wgudHVh8oELvrwBECtgTjSFPpuyl9C2iHkz"
    "Qg8BVHPkzegL4csxHuPflqsboEBrOSWU2fQtHv+iI/q0mfXIGwYPY6yh117ohOSfoyGFvt"
    "BPFuDQW/5bO9YYI9YezNELsBAdbqxX1hUEv/R7owfQ/B0Q2gK4zfz+wYK+qrU+Adrtn36P"
    "ydrRd2UHUFuOzgBkL2XDx/CHoX85lN3uIdPBY1RMH0zfC0PDWhK7DqZoBh0LAQRnyzF2GQ"
    "RUK4CeErBn0xGELegaXHmPASuDF7sEffa60EQUZm3FP2aMVWwhky4IDA3WJ+PYBccDeGFN"
    "b+rsLGyKinc0YNDMbfUCVZt9M39DQFj05BjTn8xDrpHZE+M/dCGnrSliP1OMEVCITmf05X"
    "pgXdL3eFZn6DI8P6y0k7NjwZkykLKUgZRZsScp+vEJ4k2OZgvffxgHX1WKjfCApEp2nSOM"
    "84QmnS7GHVI8iQt1AtFEIPeliyUoaDxBQeuNEsljSBH2dt216vbI95gZMVS6rcxNovNNKN"
    "g16WbC7O50F+DyBEa0FSYJkWT/jxjjfxK65bC9WHEMxGI2qTyCLheXtHsw6A6A54wDqvIG"
    "6PCJkkJgIkODK96Brc69F6LXMXlLjJzbkyh3gMz4fqoEGQKBgOglYbB56WYWJHS2MKnc+k"
    "q59Z3KsVEyFW7fpmEOhlCe2By36NOWWbKoeUGovwcxqKsgMPX3Cf2jEbrDrAuQ3u89tLo3"
    "gBiIake3nTY7qXxGV5unMW72Rt3b1g2YUmF6hsZ40Ps6nPgXLTK3J/6d2979Q6fRZtGwM8"
    "Lq/qgsJHbUHYyag9t+u0nbOzhYieKr9Wmkn/A6mBgT2V7iGGkFczaq5CVWrYlOtUtVFLPc"
    "JERDEKfsaRHCGJenlPJQjA2uHJezzV6vE2Fqsx0PNBvdN1t0nnFu0kaqHdnQQulQpsBlkR"
    "7u5zWvQgDTseP81uJoEU05SrUX3Kued6QjGzKBLQlzeixlmKYcYZSVKk5oohlSt6tcHSOt"
    "4BZ+pmmXeZJtY8puIfNVmLBCOtJRFNbyRIiVkwkyQKys4GZEMoVrgOwYoVCgMFrJMM4boh"
    "BbQDfH2JwyTuxMMd4mTEyGMh0olOk0fpqvqmnZa09MTeCniTep5/TTzBldPj8Ni0DgzQF3"
    "7rBIBAieKGN5IIK/FLBj71gUAMslXSITARtpGvN9uEOCWxaBm8cXcdHstfcx5jZL15vD3S"
    "4I2n54gwWZN8cPMXEjHKj8T0zFAqqd5oVJ+FTYu7keExk7UA55NN2BclINoXSa4ElUBD5d"
    "Etinm6T89mV2sGxrj/qQxxz1Id0a9eFNeWII7nm4XJ9ommOINqbI/cxdyQ28m5jrphu3pF"
    "s3EswNJLxYmJC+HGSH+tbB1Jk9IZut86ZdByEhqg48z+iby8QmtIf+hFtHqCc+phMinds7"
    "+yvkto1vLol+PCrpti/nrhPj1jZu5vjAKfFiWLtvd0fD1g3QVezYaIy/9Ub9G7AkDhXH7r"
    "irGa628fXuuV7OeqoVMRCvqSpoGz4TW3Au9+6pTZFl4+2+bZEyyfpANl5hCcOszdoS1y88"
    "3+JdR9ZIguIOW6mE6MhDuVrYuwUQiwG/ppGob4c6s46J8gAzQA9IJObbYe7pg1tAH6eUHN"
    "iOA17Q3jYsSJBKHuw0C3ZgRVoPkiPbcYQ7SAryYE0jUd9pHmwDfoJU8mC3/WAbJiRpJRe2"
    "44KbK1IQ/hCRxH073EOJOgXBj1NKDmy58/opUUV33widRH/bHTiI9Sm8AUcpJQfOLuF9EJ"
    "yr0VAU9kdN4LFONqpnua3XZ3UwN0XQfqPv2uscWeAFAd2xbJYUDnSoagAuKIvAxZJ+r5dt"
    "WV8nUr65AYZJbDSz3YIsrHA/q0STcGbv+wFjbCLDsd2cdRakBdS52yAInmPFZEz0VtUNwu"
    "rAyIIrZZ+X9Qz3NWJDRey4FsMfEFTu5KrrqzwZZLRVqhua34unK0FLFAaddWyVT1HmQICt"
    "Mc4FcQbCyYI2tnAEpyforSlkel7E4b+P9Dx5Emb6TKhWcl5JpL0h/d4npHRU/CSS88K3My"
    "U822040fyWm2U7wNoCyALKwQv9H7S5GMUrCV2CWx6cbpMnhC0wg6a5onIUE53Iy0+URKl7"
    "5fCYcDXqd1jNvKR0t/dHjDH7YSJFNansBxYEWW5xvxceaf/CJUEbGIgYGgIXmLjR9j7BG6"
    "8moNuvWzKwPsYvS3W2BBryhEk3Lp++p0Ho4KdvNmMFB5dITw+eTAbmOKY2WUJrKcPvz0OS"
    "lDFZh40dCuZDAVkyTFNBafJTnhj7T+kx9p8+xKXJI9YwKRu0xy5iIiVFKSkeVVJsWJa6wG"
    "m5laG7mXIijLbbJCWm81woBqE/DGSqfu+hDF8pBJ2FEOSOjq1WtRipXNbKvqxFTt4M5m0x"
    "2TdBJ0Xf0pVGqTq6pzo8q4q4ZtSciW7tUZgLl+toRTo7M6Dz1utILI6ba6Kc4uShc4U34+"
    "ihktWbOVeEswvOBCCfRh0KLSGiIwEiC0xGlZlou72qQ7uoPK9F39lRCsgoRy/NM69Qj/FO"
    "cNqC61FKyfWycN3HKMR27+3XXOf/T/A73a3gt6+E3fs4ZaRNdSZGeHN5kDX18fDmKaET1m"
    "utGOw1drTEpN9gNUKCPrxDJrzL3DscuT7sTdwTKdxbdKC6R1OEDpPwaEPhueu3O/mxElmn"
    "lm3m7ylOMKspJpzbRXl71298Hd4ATjvG/VG32+7+cgNMB2MKv3ckSGvYuvOOBKGCrkKvNr"
    "q3rQ6/yL7fS+8uAdeQKDk946Q5JExMPySXijKI+XpZ1UT/VU/vUNVVrOqOTj+BxRozMCZo"
    "Pqd/CnRIjcC0jKysXmL8mLNuDsWRd5fvD7QNZQB/1xs1Oy3w0G/dtgdtL2gvkB/4Te4tCs"
    "7m6LcanUQ+yjMFYyHY5jNgDxMdE+X3lwWTIWrvwVuwJJpCHBtYdAbn3BgODDrTl7fe9T3a"
    "I642Fp1jGn0bRNztqAgDBu37UWfY6LZ6o8ENCPc0xkMqn06G36hcMGh16TZgI8uesNN5Jy"
    "yWrRybAX+nuekeiFtokiQot5wp5SyqfKipwVF7od9GFRXvBOUCRpwUaln5XlQAaaYqaAuF"
    "PkK4B32+ZDifr/qetNq4rNrGahOllFwuO5ct4e6Uleuyptkp2+U4fK25welQecsEOfeEXv"
    "cDePS7DhV2FP3Ost1BM1+mhQ5li1JV4TC8I9jTeH3mrda7KKVc78q83rGM5G14HKaTHC4z"
    "h2XKyFEjkE55LlPZoM4bwpH3YKb0GI54cDCLlRAVJfGIv/7aRxpMsSUIY9UrgrwojmtHnK"
    "oXw/XnISOCfLgE4UAhJNNjgULBd4fNi+Avt1NGhAwP2jE8SIYMrI3RuVSc9xkqzvukikNF"
    "LVW8UQ90qGnpklGIrrS1q2rvWA0hnilOsG0SLacPwB3T11efPwXDmf3IGsmD+0ank7SKvl"
    "BZZynQLFJxXRMcD9VDuRr3bWK2VVsrtBgEBNWzd1znWgyuMxaDa4G9w9F1KDqtNj0zOURS"
    "BZCPnZw8JUohuP32EuviWKsWc+VhUVpBkxANQZwiqoXpYsBPibupHGJZDq4cF/tmr9eJYN"
    "9sx8Ed3TdbVNLgjFh7X5MLtsxWlHlfJVJq69vlfeUxuXjn+KjCMrAFLAnVO+U9siBIy1Ru"
    "qGyqfe08nDxzypD2lWdInQ1QR7BOuZilm6gCTDfaqSZ20HRjrbcBL80AVDwz+YHilnt0ud"
    "fTTxZVZN1DZX8GERc2FcO5oqvzw2a95skjaffb/Rj/Zqr8hFte2c09TB1cuDXbXqBq0+v0"
    "PwQgJszEtu6fVY5LPeE2Zm/7EU4glafTlrMeCd1KieWYRaugR8hKa0YqJS/kQWzywKPXhr"
    "o8buHUHJA1XI6iy8vyIvstL3KayhcNjcrDNVENQH4jU3eAQZNDlrr4EUoKDZVTKCZlvxYR"
    "+2A+7jNM66Xyo8IgK4Z47aHVveOpvB79GA/8K5Z/5a7VaX9v9Vkeb3A69hg/NPrDdqPT+X"
    "3ytdHmSb4GNG2VadYT9yznMfbvrM92LhxFnCcv9So9L/UqkZcqy5ukQ3+ehS7ylDdR6Jdp"
    "7GjHbTJlIqQV5PuZ8DlnrozHLV1lh3YV9CwKqKV/sYB/ca6alj0JdoktZpu4BxnNX+Y5F5"
    "T82GZTjdFKTpea00HSWjGDQ4JOJmwnF8/SJcWcvY6XYdDJStosnhFDv2SmGjCPZFCyQZzX"
    "qJOYwRG7Dn0L0B11OsUMOzkTlHoYDQn95zjpSScd9AdNTtrJdNZWkG4QG+HZqo9mxIxaoV"
    "Ib1bNMauq6+cRct99zBonhT86Jn4pADDYivPHxhFbyjI0y+TYyDhpLcDJv3HmSsoLpKAfJ"
    "uI/MlbxwR4gqiPT+q+WxVagAwF7zCkJ7kEE8p89HJlsEBPppOsoxsgqivf+BTJVN+r5C/S"
    "Vro4yQVckhfewwGOndeCXejYRuexqXes+xp+SPe2RZkA/4hE4QbZCpDxDedKKH2m6Mz33U"
    "6Wh8vHGjY+EL8IgB+oOSaSt2gjK7hXSoahRLiC2DmDZYQlYrhh2ubBMwpvrrYEyfZ2iO23"
    "yOXuLeysM9aYxdrPlvVpULGKxfa8nOW75goxYQqvHyI6BtYiJ+BnQdYMLDeVls78qleFZR"
    "7iBeqeKUUsWR6/drWb+jBckppIIsyIws34CiElLpsTNPTTRTDVWc9ZQOepSqzMAzt5oO31"
    "rIgPxlAMLPSKNqOVh/A7ige9FPFrhDlq1irq5fDklDUei4tpD1JrEB7qnPE7Pecqb/FFah"
    "z0qpD0jKzPTSzjZdFVnrmnSAmCsx4j5FPPhiZbvR4tUBvOkVGQ0Ap3g3291G/3cx4k1BUd"
    "Lm78NWQ+TuOlGULTLV2bIm0AW8O5lKAFy3kWfKHVn4PVhALdVRxAWM041vIZJKLLoxM+fH"
    "j3nMnB8/pps52b3oOssmVQGEveYVRPcghblYxSphLYf0Itwhkp1qcJcN7Qxw91Zh+6Sb2Z"
    "//D0EufVA="
)
