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
    "eJztXXlz2ziW/yoo7R/tVCmexI6TjHtrqyRb6WhalrySnJ6eaEqGREjimATYPOxoZvu7Lw"
    "Ae4gFSpE6KRtVUT0zigdTvgcC7339qOlGQZp03HEW1O2Tewra5rF2D/9Qw1BH9h3hAHdSg"
    "Yaxusws2nGicArKhY43M+bCJZZtwatMbM6hZiF5SkDU1VcNWCWbDG4aBsPKWYG0JTDQlpg"
    "LIDKBnZC6BZUMbvZ0uIJ6reA7oPJSoDmbEBFDRVWwBiBWg4qmqIGxT8mcVvVjn7MEKmdIn"
    "U6o9PsPB6h8OGttkjuwFMumTvv+TXlaxgn4gi/35ncJi0rtje2kgFyX+p6rU6MjvNTKdOq"
    "aJlDG0a/9ktMbTeKYiTYnwgI6mt/h1dyJ6ranO29j+wseynzsZT4nm6Hg13ljaC4IDAhXb"
    "7OocYWTSX8yeYJsOYwh2NM1jns8j95ethrg/KUSjoBl0NMZWRu2+wOpabTzu9objQWs4Ht"
    "cSLPcpQhzyLk0JZsuFvqrFAZizV3j714uLy8tPF+8uP36++vDp09Xnd5/pWP6+yVuf/nRf"
    "ZoWWOxXHrP1LuztkL0TomnRXK7vwJ6eBNnSpOOdW6NMVQcwx/yvBhZsFNMU8iFLFeEF/ZJ"
    "wXPvJZzPAvrLix+qYC6K2lZSO9ti+W6PDHWEN4bi/onxfv3mXA/a3Rv/na6J/RUW+ioHe9"
    "WxfuPYZ/BG/2UsWw9igOh/M+l30E4/e5MH6fgfH7JMaxXSkv0DGyCqJ9lQfsq3Ssr9KgFu"
    "3ha4EWbuRVgPnjhxwwf/yQCjO7FYVZQTZUXUkkCvLfBr2uGOQQSQxiRZ3a4P+AplqJM3Nn"
    "+/R/zxzM9y0wcVTNpoLGOXvs/+xr584AnEHEZtYt6w8tDPTZXePvcR7cdHpNDhmx7LnJZ+"
    "ETNGMMMREFwyq68KNUG618T0J5LQs/LEImgL6lMNmqjsRgx0jjH4FHe+7/4xR3HRNBpUfF"
    "fm9dZIA/bN+1BsPG3X3kS7htDFvszgW/uoxdPfsYY1QwCfitPfwK2J/gH71uK/7BBOOG/6"
    "ixd4KOTcaYvIyhEhKy/as+anExiQqYoq8rVS8Ik6zXDk7g03L1g4v3Hz59+Hz58UOgFgRX"
    "srQBV/JnStfsKV3wT8L7hZhIneNf0ZKj3KavBPFUJBB5uvO9ybRHA2qnh/Cf/hLyr65e0Y"
    "QvgaoaWVkUAPqzkc0hoC8Aug+dTo0DPYHTpxdoKuMI4uwOuSCxK8HY5C39Qo9fgRjOOTzs"
    "d7C3TmAvMGpEGJNu0DAiw9YbNICBTIue68QEFjKf1SkC9gLaYEHoGwObPCFs/Qwe2cs8Ap"
    "VeWSDwt9+G4NFyJo8C48X28603VBSyPbwWw8NWG0s9w6QwpceSvdGRHaWUJ/YpndiOoWzI"
    "9Sil5HpZuO5jFGK79/Yrrhc1HO7WZHjcbXT/xkJFtQwNLgubZ+N0BzTQnrBpFulQ1YrAHB"
    "BUT5O/vMgDMB2VCjC/FzOaEC1lGbewoyf0jajpxKM94FJmrjBkFlzQtcbtXbt77XrXRrh1"
    "2x72+tcAKSrVIUa43/rWbv3WoldcVxui1/wroecVtaJ/zGNEjx8TIRv6xzirVGvM/A7PAn"
    "41CWUFxCkycpguxqsJJdwXs/yN/7CmxWav14kc1M12zAHXfbhrtij2HHo6SLUjfrmQIZ0r"
    "OuNnqKlUEprZSKCbZ4tR4hl2IE4dZqPy3p+qeJaDFEA1QKoRTtCMmEwhpIqfTnTmoob0bx"
    "PNHAspCWUyOsUZVxNVaD++yTXdz1QBtcFkOcL026QzBQr00J2WeconS6AgvsIht26fUcX6"
    "L9x3rtrLc2NZB/0W3QFaYFRzqUY1zvr8a6rkEqAr+CfsSun2j5DFiYdOUKhMFQlcGU2P/M"
    "uvfaTBFJ9nWsBGKZbw1oanqAnUMEzyTPUiw5lo6pQjsiVs96uZKgqaxKrAAtOQaW/7IbI5"
    "KoTPPq21VNDFGAlttf6tepaldhoatNZO2yX4rYWmJj3R6KlmUzAsoFG5DKgYPNLfPVPnjz"
    "975tU6eEJL93zjF95OEGTwgYd+x+In5BMy7MRpu/tHjDAPYoMWoOfugq4s9MPms7mPGa+u"
    "PoIzCyGgEKqC4fOpuTRs8gZYBEDA7JITaNGbjm6MsEKQBTCxARVan5j1WJdGY2k0luZDaT"
    "SWXJdG4woajdPDHtdb2U4h9rHWumu0O9eAW19HeNBp3Px6DSyNymgjfNse3PT6t9dAUS0W"
    "CT/Cv7WaX3s9OuIFTRaE0DH9weAamJZVDkubKyglGZYe2beikIF9kR1vF4F9CUkzyZkhvS"
    "rmjJC4Cs6BrMOn9fdhNheCs6fT6/7iD4+zJsYFG9qOQDXNt4utqA/oLViZvQt5C26G7W+t"
    "a+BSj/B942HQotuXAZlFku9njWan5W5o7P0SRs/j7FouxGMqo1iibIaMTyROKD+P4p8HQ2"
    "asqbpqjw1kjum2Q7BAKf2iEZjChtQZYuyYsSkqxZDb3gP9oMB9v3XTHrS9EySQjvnNqK+m"
    "32p00vGfOKYlOCNS7QEiUhmtmvSHTUyIlWIBwGESCenaAGAOl2DTKBoA3PTnOS108wb/hl"
    "dV4eDfkGPCRDNkIorklhb3gTNhv3eCzPtgyvIoZ7v1UNAfTKWi7d2Ft+48eTyFJ4PTlp6K"
    "vC6zO4iXQ8L+mzcfoJDfrFzWmYw9gf+6cTzEPvpbTbYQkRKM8hw2LqrE5Hx5QssY6N7eEn"
    "DOG+ERe3fthUmc+SJOGnIJRfamm8bgpnHLBZlx3MvwZ6aTarW91AR+qtDdeparyoqOW+ut"
    "6iNIfwolZgEW3LDDXEV/YSEbS/ovQNUJZGKoAVUBZ6x4wZSlCDBvkmfVASy4gO+ub5I5Bj"
    "ufXTqPpPPoRM6PE3UjSOfRa+R6HufRkaO0S+Q92kuMtn8WFsxsj5FVDeq9OOqO6watejYH"
    "tOkrTBxbpDum+9aiVNK/tnP/GjtQ/01wscI8IZoDLv6H4c1h1v/uy2ZoZArTcm3EGK8oDo"
    "gwwocBeF/+r1fooHzoDh6ag5t+u8mckg4ONH1lhJu9h+4NuzwhdBNjV256d/edRrvLLk6J"
    "bmiUQWVxYbLHIWyP5/R34U1URwH9yWTb7MS1WW7NIakw+hx7Ue2FYsKXbbgen0Nyvmyc3y"
    "hHSbppTsNNU85vJRsmRM+JbfNtWngO54hlLrbYbBVFClqWOsf69nA1gomq9O3tM0lJuG9l"
    "eoKi+1sen9DYiJKsdQ/1MAImeWGlosDZap46sImhTuvAc4O9uQYLOorMbITrrv9mgTBP/r"
    "EJC6CzHXOSdA/tfHaBe+h7zCXGp2b/8D14/4w5kL67Qzx7WtQZOON1JPF0Katql7SqtnRI"
    "pTPoNF0T0iH1GrmexyG12o0TTM9nDYpMcECDkKrrSFHprEVtQu27u9Ztm0J/DYI5Rvi20e"
    "78fg0UqGpLlnbT+pX9+YLQE/u72/rGatxg1paiHPafPxwV2eMFcUxrTDljijI9Uj9YIXHa"
    "d1tJ/T/yHQq/wRX4n9+Ivjv2yaVyBIliU/PxAwkj2SU3CnIjJnPmi1iKEm0UhV26o2vHke"
    "0hPagQtAk6ia6wjtZKa8oJbJhEYro+cSCqyW6ZPRCNKD0xoPPmECQ+XWGwbnId7wDfoT9P"
    "RaENf7zrUQ3FS2+Ja6hiT0WRjR7lYmzTXSr7tFG6a1pglAwWe7oVMviu1lod0wGV4d8y/P"
    "tEPvYTtbtIa9tr5Hoea5ulOYJiKelxbf74ytUO2kvnxPKHJJ92yHf4zRIwpxfNiJFVIAD8"
    "EBUzZABQiYMQZP7x/vOPua6zWfZxWK1OyT0ONKkdZR67dSQEWl1QYCJdqwtqWeSLJdFYTu"
    "8Ze0yd/ntO6oDutcx3wDqjE5vFfliIrgD2/2SqQg1oKn6y3gCLnoSIV4F326uH7AmJkJJd"
    "P2SEeV80i0I9tS2g2j8DCEIMATpcAsqSJ3rLAuQFy1Rlqaue0lFzolqL1FVfI9fz6Kqyzu"
    "0+dSl2po4ds1AueJimCoUHEzDnxDkT6ATShqnq0FwyHEUtg9PhThAeUHP9r/fw0yX6vC8F"
    "du8Jhrwi40aoC0gPifvFu4v3Fx9OFXdXNC9inFlRSLtM8UK/XAMq3OAyRlYB4A9wYHqgFS"
    "6gEqer3sG5l0oqrlI/5kp9Eu70EhRxOlmEInvXyVmEYiNrcKSC38am4PyxIiX7SnIl68mW"
    "a8fL1hsiVlOBW16TwTD+vXpmPEx41Frj6XCBgN/tEpAZgMCn/5lbHXnDLpbEa7G2Xf4bfE"
    "OmxTYTiwBuwoyYLRO20z08Y4SfEDIsYPKTjLUdY+n7rBkYePboVBu8QAv4TRf5gPRkPl/w"
    "8GOk+EKuczu7Du1EMp80sUoTayk2qRM1tkkT62vkevlNrMfm6/51xsQBt0F+Y3yOMmNfse"
    "ZinjyyIeNW1Ac0sCxsXSuoZ9a+Du8ozxjlCDO70zUXEtezj+mG1+BfVlIKPQ67po5psuJS"
    "nlBaQDYUUB4ulel9qQXFFbzP0FTZ7yxkjokQlcMWw5530raYiPkA8oVbSBOK0MhWP2sz9l"
    "y8kgAXzyYLWQtOC+G8WU+RpRWJbOtTWbXfvhnm6/czXaiaYiLBHl7EIlY9vKMbsntabWk2"
    "jJmAyiNM7hgsdhBtXRHtmztLaRZUzbXJWcBeqBbwfuNPlh/0CNjru9Y6iAkzwIGwxbLkZl"
    "l/RWZYZ0OLdr2RNize7TZ/8XvEEOw/Rtoxj2nHLK4FHEX6Lz3CYZesY04FdoyMdrUBRZmt"
    "FqUN75AaVwk1LukfSd9wTtNSnsc/EsgQxWrjRKnkqbJe2Q4LUodTt8sGcu76LdEFVqYyI+"
    "FwFIEEH4tWSZfeY8EOey088j3cW4Q911qM/YAEKbnLCISj7wsVPmFlBELVuJ4nAsFW7WKd"
    "tgKCSmiUsUDqXDEIlxkxCJeCuHVHZ1lEhdT2FUkFcgMOrbVPiFIIbX+8hLow1IapElO1N6"
    "4dHqY/IPyYRYYUDtPo9vp3jQ6FnlOP8Nf2L1+vwUKdL0b4pt8etm/YXUphU3E5UVThSHl4"
    "p9foTzHhzC7Km9t+48vwGnDaEW53x/3Wt3brt2ug4rGJnlX0MsKN+/t+7xvr5eeHSY/w4O"
    "Zr6/ahwy5a0wVSHI1dvX9odtqDr+3uL9fAU0MoE4PrbLR3mY3+0mjzCWZQ5dQ3je5Ni1+Z"
    "MlTptXKshZBCVVDAi1LKXnHlkeeSYrzlTHTV3kyQj9NKTpeZ0/4utgGjY6SSz2Xmc3DUbL"
    "5zS06fBKeho6is0B4VWSyibfhpp8whOV9mzvuS4iY21yip5HOZ+cx0BMdkHye0ihVRTVJW"
    "oZDBoQ0Wri5I2SNycKaDHyOTyBdHPvCUThdEFZanTQ+pEdGWI7Lm5OtKCFm0UdyTmFqyaX"
    "9sMlRR7HkODvmEWzHndPazvXAhUKEny2IxSUlCmQKUjHWlUtSCFGwxF6GRoCZB5XWmi2Ea"
    "JpGQro2ec5dgEt/CsXP39FdMVQNWqOxSPRY7F/lcI5Fz9A1A96HTqaXtuBLgXAAnTpocKA"
    "e16LfENyh7X01sw/tiCqp58iwpnfqMTHXbdh237jzLfQnVR0A8sirRM9o6d7CF53COdDpR"
    "6xmd4tmVD6kfBl1P+g7gCiaq0qIqFHEdOns0JOqw7uPZw2hI6H/Wo9rwJ6rI0ksGpceawO"
    "6iKc7GXWBPqh1O8CvjjXASJSqj7XDCzW7ijXCSrXJ20g5H4MBILTVamNtb9KY9KX6HfmdB"
    "jkd7227M81D7nwJcz0w6CeQQQcZJWEZJTzdRwqP2m2uSBMoLeKMjw5koGP2wx9Bm5jObp6"
    "Ow20y0VllhaR1ZFgWDzVAsT6Wpzl9LqspfLy4uLz9dvLv8+Pnqw6dPV5/fBXp38laWAt5s"
    "/8J08HrYZCcTWrZh0GmmNsiEltfI9TwJLXRP1g1iIzxd8gMxwfr01BYBqexllKfMpommqq"
    "EKa3Slox0hqmAy0b7aGZ1gSL+BsMKAK4Z77b7VvXVj8F36Ef7fh9YDC6ynz3Z4+L4/wvJH"
    "0CtD/qc9wretTvtbq88IPKlSFK5/22rwAZDN93B/328NBjwfwDEMui1Z/Dm/tu/v+cUn1T"
    "DYla+tDv1z4S/sowf3axBvXOHWpz3gipg42lPR5dB86Px6DRjlCDc6rT7lc2CWKcqAzznw"
    "/5wK/+c4+p5yIPgqBzrUtHSPZYjucMUp3u1X2L+8+PQxEO/ZH1kC/eCu0ekkPZUagpa41s"
    "fDQ/tWDGaYJgam46jKOaMsjeWtxro3TDWo6mBBNLZ3AejvYsCkok0uxDOAdVNV3S0kLGJx"
    "FKJgx/XbgtKygFwGoZZHQk4qRhq07DEyTZGjOj0GMkolQyCLh0By8MYL1bKJKB88PXArQV"
    "iOqLpKlRUT2fMKaDMp5FX4TGJqzVUe2ZWOSldqrgTtQvEmJ0+ITJ44ZT5xAvVrAybHaSWn"
    "y8zpqGsqZ5BhlEhW6ROEbiZ9VTmxTRJKfEW1dZ0Je48JKhhznKCTQbIpnUuKdsmIEklY17"
    "fJiBZq3DY+tlA307JtD3nDOJO7o7iEp+CI2wHGW0S6nAi+0ZN9Pbar7XQH8A4ik53WXpEX"
    "4MT5kyPE+3nVRGNLhMvWjmPn8EYPoS0CvWUA87G6mfhhZwPu+bwhDn9sanRaeFg9T6Da2H"
    "Wp0l/lk6ztQz2gHxlSeJOYObKATXgvZ+zo9DNmPaNXWQHAoFfcB9TBi8mKM2EwWfJLfCW8"
    "1ejKShSb2/0TRpjOPZ+zVjcEg0f/xz+CM12dm3zhgs9vAMQKmBFNoc+m7CV0LGLejNBDAN"
    "Uc+TD6Qvh8hEf4t8XyGijQWkwIZTZ9i8e/6Ig+bWo98oHBwxhr6LUX+kHyn6Mhhb4Q67bD"
    "oLf8t3asEUZsPJihF2AhutzYrGwqCH7p9x7uQfN3QOgI4A7z5wdz+qrWqrm2Oz/9PSYbR9"
    "+V9fa2HJ0ByF7Kho/hH4b+cCi73f7dwWNUTB9M3wtDw1oQuw4maAodCwEEp4sRdhkEVCuA"
    "nhKwZ9MVhC3oGlz5jAErgxc7B332utBEFGZtyX/MCKvYQibdEBgabE7GsTOOB/DCmt7UWZ"
    "txiorXdTEY5o56garNfjN/Q8CbFo0w/ZN5yDUyfWL8hy7kdDRF7GeKMQIK0ekXfb5aWOf0"
    "PZ7VKToPfx9WWlPyWHCmDKQsZSBlVuxJin58hHiTg9nCdx/GwXeVYis8IKmSXecA6zyhSa"
    "eLcfsUT+JCnUA0Ech96WIJCgaPUTB6rUTyGFKEvVN3pbo98jNmSgyVHiszk+j8EApOTXqY"
    "MLs7PQW4PIERHYVJQiTZ/SNG+F+EHjnsLFYcA7GYTSqPoPP5OZ0eDLoD4DnjgKq8ATp8oq"
    "QQmMjQ4JJPYKsz74XodUzeEiPn8STKHSBTfp4qQYZAICB6SRjsu3QzCxI6W5hUHn2lPPqO"
    "5dgomQq3a9MwB0MoT6yPW/RpyyxZ1Lwg1N+DGNRlEJj6+5j+oxG6w6wLkN7v3be614AYiG"
    "pHN502awI/pbvN0wg3ew/dm9Y1mFBheopGeND7Mhz7Fy0ys8f+nZve3X2n0WbRsFPC6v6o"
    "LCT2oTt4aA5u+u0mHe/gYCeK79bHkX7C+2BiTWR7iWOkFczZqJKXWLXGOtUuVVHMcpMQDU"
    "GccqZFCGNcnlDKfTE2uHJYzjZ7vU6Eqc12PNDs4a7Zot8Z5yYdpNqRAy2UDmUKXBbp4X7e"
    "8CoEMB06zm8ljhbRlKNUO8G96nlHOrIhE9iSMKfHUoZpyhFGWanihCaaInWzytUx0goe4S"
    "eadpkn2Tam7BYyX4UJK6QjHURhLU+EWDmZIAPEygpuRiRTuAbIlhEKBQqjlQzjvCEKsQ10"
    "fYzNMePEThTjTcLEZCjTnkKZjuOn+aKalr3yxNQEfpr4kHpOP82M0eXz07AIBD4ccOcOi0"
    "SA4Ikylgci+FsBa3vHogBYLukCmQjYSNOY78NdEtyyCNw8voiLZqezjzC3WbreHO52QdD2"
    "wxssyLw5foiJG+FA5X9iKhZQ7TQvTMKnwt7N9ZjI2IFyyKPpDpSjagil0wSPoiLwzyWBfb"
    "pJyh9fZgfLpvaoD3nMUR/SrVEf3pQnhuCOh8v1iaY5huhgitzPPJXcwLuxuRq69ki6cSPB"
    "3EDCs7kJ6ctB1tS3DibO9AnZbJ837ToICVF14HlG35wnDqEdzCc8OkIz8TWdEOnc2dm/Qm"
    "7b+OGSmMejkm77cp46MW5t4maOL5wSb4a1u3b3Ydi6BrqKHRuN8NfeQ/8aLIhDxbFb7mqG"
    "y018vTuul7P61IoYiFdUFbQNn4gtOJd799imyLLxdte2SJlkvScbr7CEYdZhbYnrF55u8a"
    "4DayRBcYeNVEJ04KVcLezdAojFgF/RSNQ3Q51Zx0R5gBmgByQS880w9/TBDaCPU0oObMYB"
    "L2hvExYkSCUPtvoKtmBF2gySI5txhDtICvJgRSNR3+o72AT8BKnkwXbnwSZMSNJKLmzGBT"
    "dXpCD8ISKJ+2a4hxJ1CoIfp5Qc2PDk9VOiip6+ETqJ/qYncBDrU/gAjlJKDpxcwvsg6KvR"
    "UBT2j5rAY50cVM9yW696dTA3RTB+re/amxxZ4AUB3bFslhQOdKhqAM4pi8DZgv5eL9uyvk"
    "qkfHMNDJPYaGq7BVlY4X5WiSbhzN71A0bYRIZjuznrLEgLqDN3QBA8x4rJmOitqhuE1YGR"
    "BVfK/l3WM9zXiC0VseNaDH9AULnOVZcXeTLI6KhUNzS/F09XgpYoDDqrbZVPUeZAgI0xzg"
    "VxBsLJgja2cAWnJ+itKGR6XsThv4v0PNkJM/1LqFZyXkmkvSH9vU9I6aj4SSTnhW9nSni2"
    "O3Cs+SPXy3aAjQWQBZSDF/p/0OZiFK8kdA5ueHC6TZ4QtsAUmuaSylFMdCIvP1ESpe6Vw2"
    "PC1UO/w2rmJaW7nT9ihNkfJlJUk8p+YE6Q5Rb3e+GR9i9cErSBgYihIXCGiRtt7xO88WoC"
    "uvO6JQPrI/yyUKcLoCFPmHTj8ul7GoQufvpmU1ZwcIH09ODJZGCOY2rjBbQWMvz+NCRJGZ"
    "O139ih4HsoIEuGaSooTX7ME2P/MT3G/uOHuDR5wBomZYP20EVMpKQoJcWDSooNy1LnOC23"
    "MnQ3U06E0XHrpMR0ngvFIPTDQKbqzx7K8JVC0EkIQe7q2GhXi5HKba3s21qk82bw3RaTfR"
    "N0UvQtXWmUqqN7rOZZVcQ1o+ZM9GiPwly4XEcrMtmJAZ23Xkdic1xfE+UYnYdOFd6M1kMl"
    "qzdzqghnF5wJQD6OOhTaQkQtASIbTEaVmei4napD26g8r0Xf2VIKyChHL80zr1CP8To4bc"
    "D1KKXkelm47mMUYrv39iuu8/9P8DvdreCPr4Td+zBlpE11KkZ4fXmQFfXh8OYpoWM2a60Y"
    "7DXWWmLcb7AaIcEcXpMJ7zL3DkeuD3tjtyOFe4suVLc1RaiZhEcbCs9dvd3R20pkdS1bz9"
    "9jdDCrKSac2UV5e9tvfBleA047wv2Hbrfd/eUamA7GFH6vJUhr2Lr1WoJQQVehVxvdm1aH"
    "X2S/30vvLgHXkCg5PaPTHBImpu+TS0UZxHy9rGqi/6rHd6jqKlZ1R6c/gcUaMzDGaDaj/x"
    "TokBqBaRlZWbPE+DFj0+yLI+/O3+/pGMoA/rb30Oy0wH2/ddMetL2gvUB+4De5tyjozdFv"
    "NTqJfJRnCsZccMxnwB4mOiTK788LJkPU3oO3YEE0hTg2sOgXnPNg2DPoTF/e+NT3aA+421"
    "j0G9Po2yDiHkdFGDBo3z10ho1uq/cwuAbhmUZ4SOXT8fArlQsGrS49Bmxk2WPWnXfMYtnK"
    "cRjwd5qZbkPcQh9JgnLDL6WcRZX39Wlw1F7ob6OKitdBuYARJ4VaVr4XFUCaqgraQKGPEO"
    "5Any8ZzqervietNi6rNrHaRCkll8vOZUt4OmXluqxotsp2OQxfa25wOlTeMkHO7dDr/gAe"
    "/a5DhbWi31q222vmy6RQU7YoVRWa4R3AnsbrM2+030Up5X5X5v2OZSRvwuMwneRwmTksU0"
    "YOGoF0zL5MZYM6bwhH3sZM6TEc8eBgFishKkriEX/5tY80mGJLEMaqVwR5URzXljhVL4br"
    "z31GBPlwCcKBQkimxwKFgu/2mxfBX26rjAgZHrRleJAMGVgZo3OpOO8zVJz3SRWHilqq+K"
    "Ae6FDT0iWjEF1pa1fV3rEaQjxTnGDbJFpOH4C7pi8vPn0MljP7I2slD+4anU7SKvpCZZ2F"
    "QLNIxXVFcDhU9+Vq3LWJ2VZtrdBmEBBUz95xmWszuMzYDC4F9g5H16GoW216ZnKIpAogHz"
    "o5eUKUQnD74yXWxbFmTmCmUsHlBp5AMXGJHYE1XqHFE5V/svympyqywJwA1+xNB+gOK6hC"
    "XzbRRPUwe7pqMf8qFuV6NAnREMQp8nOYLsaGCXFP+n2clcGVw34QzV6vE/kgmu34in+4a7"
    "ao+Me/jpVLPIm4TCHdq4yCWOFLGxXDNkZV5m3F5AU8LRDbXrymXIC9M3hR7QWAmDC9Gvi/"
    "7XD7i0yOPG5yZJjjW0I8DE31KtZ/XrbEdozCHeYTnctUYQXrAkbQW6+7dWlYtVtLsTSq54"
    "bKhpq29XLyLMFDOleeJXUyQB3AsO5ilm5dDzBda2If28HQtWUqB7yqDFDx1ET8MwFkBmB4"
    "i/T6Yf8MItE3lqNzG53O+2R7w5PdtHc7/Qj/Zqq8OTcvSqliC5k2OHPLTb5A1abX6f+Qv4"
    "uv5mdFL1Obc8dcBd/Due+ysXY5SylRAYdYjlm0gUOErLQW8FLyQvaQlL3aXhvqslPMsTkg"
    "y08dxMIiKyPttjLScYr2NDQqD9dE5Uv5jUzdAQZD9lml53sonz1UCaaYlP1aROy9heecYE"
    "UCKj8qDLJiiNfuW91bXoXAox/hgX/F8q/ctjrtb60+K0HgWdVYXYL7Rn/YbnQ6v4+/NNq8"
    "PoEBTVtlmvXYbUM/wv6dVVv6wgkQeVLqL9JT6i8SKfWyMlM69KdZoydPZSaF/jKNdaXdJM"
    "kvQlpBvp8In3MlRQTc0lXWb7Cg/11ALb3wBbzwM9W07HFwSmzwtYlnkIlIZf7mgmpFmxyq"
    "MVrJ6VJzOsi3LWZwSNCVOBbkaEE2pcvnO3kdL8Ogk5VvXjyZj/6SqWrAPJJByRZxXqNO4g"
    "suHJuRNOzkzK3sYTQk9D+Hyaw86qLfa17lVqaztoJ0g9gIT5d9NCVm1AqVOqieZVJTV8PH"
    "5mr8jpPfDP/jHPtZVMRgK8JbH09oKdsDlcm3kdEjMcHJvCkzScoKZtLtpVhI5FvJC3eEqI"
    "JI777QJ9uFCgDsDa8gtHtZxDP6fGSyTUCgn6ajHCOrINq7X8hU2aTvK9Rfsg7KCFmVHNKH"
    "DoOR3o1X4t1I6LbHcan3HHtCftwhy4J8wSd0guiATH2A8KFjPTR2bXzuo05X4+O1Gx0LX4"
    "BHDNAPSqYtWfN3dgvpUNUolhBbBjFtsICszBXrC28TMKL662BEn2dojjt8hl7i3sr9PWmE"
    "Xaz536ygIDDYvNaCtYo/Y6sWEKrx8u71NjERb19fB5jwcF4W27t0KZ5VlDuIV6o4pVRx5P"
    "79WvbveA63KFc4o0BBQFEJqfTQSfMmmqqGKs56Sgc9SlVm4JlbTYdvLWRA/jIA4WekUbUc"
    "rH4DOKNn0U8WuEWWrWKurp8PSUNR6Lq2kPUmcQDuaM5j10twJv8SNtDIqgYSkJSZ6aX92n"
    "RVZK1r0gViLsWI+xTx4Iul7UaLVwfwplcfOQCc4t1sdxv938WINwX1lJu/D1sNkbvrOCrB"
    "FyqIOCb6osF5TaAQhG9nqgMzd+B45o9cqww0ABvLqmNRwXhGTACB9+2ClwXCTAin9xBmT1"
    "AAFcy5yO0NoduWxZ8NWB8g9gj3fSJ74M6fMMITuom+uFoF0TSW3Gcgc0p3UybSs+Jm166M"
    "TzDai3D/WiR72etTyuyy16fk+la9Po/ppznuJrpnv0H4tQoAHCMrb3PBDYG+yuUOu8pwh1"
    "0l3WGeeCIQybNio0NUMia6QEy0J9WNPakuiXpGdzQB7UE7Cb57V7SX4C7A30WHNP+QLdZP"
    "JkpVhXKUe/Kul0TVbCBTnS5qooxO9049M6VzNWafOZ1SGzukNkZVZXGbr/SvPkRSCfte7J"
    "u/usrzzV9dpX/z7F50e2UfVQGEveEVRHcv5etZXXehqJDeqi5EslWnurKhnQHuzvrQHfUw"
    "+/P/ATvHHvc="
)
