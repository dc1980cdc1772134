"""Migration 8: one suppression list, and delivery counts per status kept by triggers.

Suppression: `suppression` (read by audience resolution, written by nothing in
production) is folded into `suppressed_address` (written by SES bounces and complaints,
read by the sender) and dropped. Addresses are stored lower-cased (a CHECK keeps it so)
and matched against `lower(subscriber.email)`; for an address on both lists the
`suppressed_address` row (the first reason) wins. Downgrading recreates `suppression`
with every address, so the previous release's audience resolution honours them all.

Counts: `delivery_status_count` holds signed per-status changes written by
statement-level triggers with transition tables on `delivery` (INSERT, UPDATE, DELETE;
TRUNCATE empties it). The triggers are created before the counts are initialised: CREATE
TRIGGER locks `delivery` against writes until this transaction commits, so no change
slips between the initial GROUP BY and the first trigger. Writers only ever INSERT
change rows (never wait for one another); every ~64 change rows one writer folds the
table into one row per status, under a non-blocking transaction-level advisory lock and
only at READ COMMITTED (where its DELETE cannot fail on a concurrent fold).
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

#: pg_try_advisory_xact_lock key of the fold (arbitrary, documented in the function)
FOLD_LOCK = 8_217_400_001
FOLD_EVERY = 64


async def upgrade(db: BaseDBAsyncClient) -> str:
    return f"""
        CREATE TABLE IF NOT EXISTS "delivery_status_count" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "status" VARCHAR(16) NOT NULL,
    "delta" BIGINT NOT NULL
);
COMMENT ON TABLE "delivery_status_count" IS 'Signed changes to the number of deliveries per status, written by statement-level';

CREATE OR REPLACE FUNCTION delivery_status_count_fold() RETURNS void
LANGUAGE plpgsql AS $fold$
BEGIN
    -- Never waits: a fold already in progress (or done by a transaction still open) makes
    -- this one unnecessary. Only at READ COMMITTED, where the DELETE sees the last fold.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RETURN;
    END IF;
    IF NOT pg_try_advisory_xact_lock({FOLD_LOCK}) THEN
        RETURN;
    END IF;
    WITH gone AS (DELETE FROM delivery_status_count RETURNING status, delta)
    INSERT INTO delivery_status_count (status, delta)
    SELECT status, sum(delta) FROM gone GROUP BY status HAVING sum(delta) <> 0;
END
$fold$;

CREATE OR REPLACE FUNCTION delivery_status_count_record() RETURNS trigger
LANGUAGE plpgsql AS $record$
DECLARE
    written bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO delivery_status_count (status, delta)
        SELECT status, count(*) FROM new_rows GROUP BY status;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO delivery_status_count (status, delta)
        SELECT status, -count(*) FROM old_rows GROUP BY status;
    ELSE
        INSERT INTO delivery_status_count (status, delta)
        SELECT status, sum(change) FROM (
            SELECT status, -1 AS change FROM old_rows
            UNION ALL
            SELECT status, 1 AS change FROM new_rows) AS changes
        GROUP BY status HAVING sum(change) <> 0;
    END IF;
    GET DIAGNOSTICS written = ROW_COUNT;
    -- fold when this statement's ids crossed a multiple of {FOLD_EVERY}
    IF written > 0
       AND currval('delivery_status_count_id_seq') % {FOLD_EVERY} < written THEN
        PERFORM delivery_status_count_fold();
    END IF;
    RETURN NULL;
END
$record$;

CREATE OR REPLACE FUNCTION delivery_status_count_truncated() RETURNS trigger
LANGUAGE plpgsql AS $truncated$
BEGIN
    DELETE FROM delivery_status_count;
    RETURN NULL;
END
$truncated$;

CREATE TRIGGER delivery_status_count_insert AFTER INSERT ON delivery
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION delivery_status_count_record();
CREATE TRIGGER delivery_status_count_update AFTER UPDATE ON delivery
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION delivery_status_count_record();
CREATE TRIGGER delivery_status_count_delete AFTER DELETE ON delivery
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION delivery_status_count_record();
CREATE TRIGGER delivery_status_count_truncate AFTER TRUNCATE ON delivery
    FOR EACH STATEMENT EXECUTE FUNCTION delivery_status_count_truncated();

INSERT INTO delivery_status_count (status, delta)
SELECT status, count(*) FROM delivery GROUP BY status;

UPDATE suppressed_address SET email = lower(email) WHERE email <> lower(email);
INSERT INTO suppressed_address (email, reason, detail, created_at)
SELECT DISTINCT ON (lower(address)) lower(address), reason,
       CASE WHEN details = '' THEN '{{}}'::jsonb
            ELSE jsonb_build_object('details', details) END,
       created_at
FROM suppression
ORDER BY lower(address), created_at, id
ON CONFLICT (email) DO NOTHING;
ALTER TABLE suppressed_address ADD CONSTRAINT ck_suppressed_address_lower_case
    CHECK (email = lower(email));
        DROP TABLE IF EXISTS "suppression";"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "suppression" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "address" VARCHAR(320) NOT NULL UNIQUE,
    "reason" VARCHAR(32) NOT NULL,
    "details" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "suppression" IS 'Addresses we must never send to again (hard bounce, complaint, manual).';
INSERT INTO suppression (address, reason, details, created_at)
SELECT email, reason,
       COALESCE(detail->>'details',
                CASE WHEN detail = '{}'::jsonb THEN '' ELSE detail::text END),
       created_at
FROM suppressed_address ORDER BY id;
ALTER TABLE suppressed_address DROP CONSTRAINT IF EXISTS ck_suppressed_address_lower_case;
DROP TRIGGER IF EXISTS delivery_status_count_insert ON delivery;
DROP TRIGGER IF EXISTS delivery_status_count_update ON delivery;
DROP TRIGGER IF EXISTS delivery_status_count_delete ON delivery;
DROP TRIGGER IF EXISTS delivery_status_count_truncate ON delivery;
DROP FUNCTION IF EXISTS delivery_status_count_record();
DROP FUNCTION IF EXISTS delivery_status_count_truncated();
DROP FUNCTION IF EXISTS delivery_status_count_fold();
        DROP TABLE IF EXISTS "delivery_status_count";"""


MODELS_STATE = (
    "eJztXelz2ziW/1dQ2g+TVCmexM417q2tkmUl0bQseXWkpyfqoiESljCmQDaPuDWz/b8vAB"
    "7iAUqkTpLBl8Qi8UDy93C8C+/9p7E0NKTbFy1Xw07PmHeIY60a1+A/DQKXiP4hbtAEDWia"
    "69vsggNnOqeArKmiG3PebGY7FlQdeuMR6jailzRkqxY2HWwQ1rxlmohorwyir4CFVMPSgP"
    "EI0HdkrYDtQAe9UheQzDGZA9oPJWqCR8MCUFtiYgNINICJijVEHEr+HaNn+4I9WDNU+mRK"
    "dcRnuAT/7iLFMebIWSCLPunbb/QyJhr6A9ns5zcKi0XvKs7KRB5K/CfWGrTlt4ahqq5lIU"
    "2BTuM3Rms+KY8Y6VqMB7Q1vcWvex3Razd43iXOJ96Wfe5MUQ3dXZJ1e3PlLAwSEmDisKtz"
    "RJBFv5g9wbFcxhDi6rrPvIBH3petm3ifFKHR0CN0dcZWRu29wPpaQ1H6g7Ey6owVpZFieU"
    "AR4ZB/STUIGy70VW0OwJy9wqu/XV5eXX24fH31/uO7tx8+vPv4+iNty983fevDn97LrNHy"
    "uuKYdT93+2P2QgYdk95oZRf+5DTQgR4V59wafToiDEvhv1JcaC+gJeZBnCrBC/qRSV4EyG"
    "9iRnBhzY31nAqht1e2g5aNY7FkCf9QdETmzoL+vHz9egPcX1vD9pfW8AVt9TIOet+/dend"
    "Y/jH8GYvVQxrn+J0OB9z2McwfpML4zcbMH6TxjixKuUFOkFWQ7Tf5QH7XTbW77KgFq3hW4"
    "EWLuR1gPn92xwwv3+bCTO7FYdZQw7EniQSB/nvo0FfDHKEJAGxhlUH/B/QsZ3aMw+2Tv/3"
    "o0v4ugVmLtYdKmhcsMf+z7FW7g2AM4hYz0vb/l2PAv3irvWPJA/avcENh8ywnbnFe+Ed3C"
    "QYYiEKhl104Mepdhr5voTyowz8qAiZAvqWwuTgJRKDnSBNTgKf9iL4o4qrjoWgNqBivz8u"
    "NoA/7t51RuPW3X1sJty2xh1255JfXSWuvnifYFTYCfilO/4C2E/wz0G/k5wwYbvxPxvsna"
    "DrGAoxnhWoRYTs4GqAWlJMogKmaHZl6gVRku3aQQWmlqcfXL55++Htx6v3b0O1ILyySRvw"
    "JH+mdD0+ZQv+aXg/GRbCc/IzWnGUu/SVIFFFApGvO99bTHs0oV49hP8MhlBwdf2KFnwOVd"
    "XYyKIA0M9GDoeAvgDoT3q9Bgd6BtWnZ2hpSgxxdse4NBJXwrbpW8vLZfIKJHDO4WHfwd46"
    "hb3AqBFjTLZBw4w1227QACaybLqvGxawkfUdqwg4C+iAhUHfGDjGEyL2T+CBvcwDwPTKAo"
    "G//zIGD7Y7exAYL/bvb7uhopDt4UcxPOy1sDQ3mBRUui05O23ZcUq5Y1dpx3ZNbUeuxykl"
    "18vC9QCjCNv9t19zvajh8LAmw/Muo8c3FmrYNnW4KmyeTdKd0EBbYdMsWkKsF4E5JKifJn"
    "91mQdg2ioTYH4vYTQx9Ixh3CHuMqVvxE0nPu0JhzJzhSGr4IButG7vuv1rz7s2JZ3b7ngw"
    "vAZIw1SHmJJh52u380uHXvFcbYheC65EnlfUiv4+jxE9uU1EbOjvk6zCtsL8Dt8F/LoxKC"
    "sgyZCRo3QJXs0o4bGYFSz8pzUt3gwGvdhGfdNNOOD6k7ubDsWeQ08bYSfil0tp59laZERv"
    "5w5oROhLI4FB+MYn//TzEOkww3OU5fau1oqVpb7HDUmmaRnfqXRpujMdqxyRPWG7X/dUU9"
    "AkVgUGmI4sZ9+JyPqoET7HtHlRcYEQJLR4Bbeam+xdaqTRVmtX3yCvbKRayAE2chwKhg10"
    "ursBTMAD/e5HPH/4yTdSNcETWnnxNPzCqxmCDD4wGfboZQvR+6aTMoAd/hFTwkOBoA1UbC"
    "7oyEJ/OLw37zHK+uoDeGEjBDSDCrLkQrVWpmO8BLYBIGDWnRm06U13aU6JZiAbEMMBdOt/"
    "Yja4pTS9SdObNMJI05vkujS91dD0lh08tt1WUYUIskbnrtXtXQNuw5qSUa/V/vka2DqV0a"
    "bktjtqD4a310DDNosnnpJfOjdfBgPa4hnNFoZB2wxHo2tg2XY57BWeoJRmWHZ81JpChkfF"
    "VrxDhEelJM00Z8b0qpgzQuI6mFg3bT6df4w3cyHce3qD/uegeZI1CS440HEFqmm+VWxNfU"
    "Kb69p4WMjm2h53v3augUc9JfetyahDly8TujbS+HrWuul1vAWNvZ9WjlXLg1ihMootignf"
    "MEWShHJ6FJ8eDBlFx0vsKCayFLrsGESglH7SDZjBhsweEux4ZF3UiiG3gwmdUOB+2Gl3R1"
    "1/BwmlY34zbvEedlq9bPxnrmUL9ohMe4CIVMb8BfaBNcQzCxKtWBhllERCujWMksMlWDSK"
    "hlHeBP1UC928IZTRUVU4hDLimLDQI7IQRXJPi/vInbHvnSHrPuyyPMrZYT0U9IOpVLS/u/"
    "DW6yePp7AyOO3pqcjrMruDZDU22L95o6oL+c3KZZ3ZsCbwr1OSgcrxb7XYQERa2Mp32Hio"
    "GhbnyxNaJUD315aQc34Ln9i/6ywsw50vkqQRl1BsbWq3Ru3WLRdklKSX4c+NTqr18tIQ+K"
    "kid5ubXFV2vN1Wb9UQQfoplBjMVp5hh7mK/mpY7DckgKoTyCJQB1gDL9gRcJUFWjNvkm/V"
    "ASy4gK+uL9OR2gfvXTqPpPOoIvtHRd0I0nn0I3I9j/PozLGuJfIeHSXSNdgLC54PTpDVDe"
    "qjOOrO6wate0w8dOgrzFxHpDtm+9biVNK/dnD/GttQ/22QYulNIjQnHPyTcfs04//wyQd0"
    "Q4VZJxbEGK8pTogwIqcB+Fj+rx/QQTnpjyY3o/awe8Ocki4JNX1tSm4Gk36bXZ4ZdBFjV9"
    "qDu/teq9tnF1VjaeqUQWVxYbLHIeIoc/pdZBfVUUB/AFWinGbyCmoOaYUx4NgzdhaaBZ/3"
    "4XqyD8n5snF+pzNK0k1TDTdNOefKZpgQ3Sf2PW/TIXM4R0vaUYf1VlOkoG3jOVnuD1cr7K"
    "hOc++Yh5SE69ZGT1B8fcvjE1LMOMlW99CAIGAZzyzhDnix7qcJHMPEahP4brCX12BBWxmP"
    "DiJNz3+zQIQf/nEMFkDnuNYs7R46eO8C99C3hEuMd83+CDx4vyUcSN+8Jr49Le4MfOTZ+I"
    "i6krmJS5qbWDqkshlUTdeEdEj9iFzP45Bar8YppuezBsU6OKFBCC+XSMO016I2oe7dXee2"
    "S6G/BmEfU3Lb6vZ+vQYaxPqKHbvp/Mx+PiP0xH73O19ZphDCkvuXw/7zu4uRoywM17IVyh"
    "lLdNIjc8IKibPmbS31/9g8FM7BNfgfX4rmHZtymRxBotjUfPxAwkh2yY2C3EjInPkiluJE"
    "O0Vhl27rOnBke0QPKgRtik6iK0A3qjXlBDZKIjHdfnAgrsnueXogHlFaMaDzniFITV1hsG"
    "56HB8A33HQT02hjU7e7ahG4qX3xDWSsaemyMa3cjG22S6VY9oovTEtMEqGgz3bChnOq61W"
    "x2xAZfi3DP+uyGSvqN1FWtt+RK7nsbbZuitIlpId1xa0r13uoKPUnyt/SHK1Q76jb5aCOT"
    "tpRoKsBgHgp8iYIQOAShyEIM8fH//8Mdd1djt9HFWrM84eh5rUgU4ee3kkBFpdmGAiW6sL"
    "c1nkiyXR2ZneF+wxTfr33GgCutYy3wGrL204LPbDRnQEsP8NFUMd6Jg82S+BTXdCpPFjxL"
    "xIdcSekAopOfRDpoRXl7Ip1KpjA+z8BCCIMAQs4QpQljzRWzYwnok8qix11SptNRXVWqSu"
    "+iNyPY+uKvPcHlOXYnuq4lqFzoJHaeqQeDAFc06cNwKdQtq08BJaK4ajqPBqNtwpwhNqrv"
    "/1Bn64Qh+PpcAe/YAhz8i4E+oC0lPifvn68s3l26ri7onmRYwzawpplyme6JdrQIXLBCbI"
    "agD8CTZMH7TCCVSSdPXbOI+SScVT6hWu1Kfhzk5BkaSTSSg2rzo5k1DsZA2OZfDb2RScP1"
    "akZLMk12E9WXLtfKf1xojlVOCW13QwTHCvuTEeJtpqq/F0vEAAa4g42FkB4xFAEND/xK2O"
    "vGAXO8Rrs7JdwRt8RZbNFhPbANyEGTNbpmynR3jGlDwhZNrA4jsZKzvGju+zYmDgu0+HHf"
    "AMbRAUXeQNsg/zBYJHECPFB3KT29mX0Ekd5pMmVmliLcUiVVFjmzSx/ohcL7+J9dx8Pb7O"
    "mNrgdjjfmOyjzNjXrLiYL4/syLg19QkNLAtnqRfUMxtfxneUZ4xySpjd6ZoLidvZx3TDa/"
    "AvOy2FnoddqmtZLLmUL5QWkA0FlKc7yvSm1ILiGt7v0MLsOwuZY2JE5bDFsOdV2hYTMx9A"
    "PnALaUIxGlnqZ+uJPQ+vNMDFT5NFrAXVQjjvqafY0IpFtg2prDrstsf56v2oC6xrFhKs4U"
    "UsYvXDO74ge7vVnmbDhAmoPMJkNWyHAWwbTIgRZLdbEqMyyGEP2X2LWSuDx0hj2zmNbcVF"
    "1bOIqKVHOOo3dC1VoGxvqKkaUpRZtS5tDIJUC0qoFkgjfvaCU01zbh4jfihDFEvgEqeSu8"
    "p2jTAqSJ1OJywbyLmTjMQHWJlyYURjJgQSfCKkIlt6T3jkj5od41u0AAZ7rr1QAq+5lNyl"
    "m/zs60KNd1jpJq8b1/O4yR3sFCsHFRLUQqNMRPvmcpRfbXCUXwmCq90lO+pSSG1fk9QggP"
    "3UWvvM0AqhHbSXUBeG2rSwYWFn5wTXUfoTwk9Y+ELhWIL+YHjX6lHoOfWUfOl+/nINFni+"
    "mJL2sDvuttldSuFQcTl18v9Mh8WqV41Os+CjU5Q3t8PWp/E14LRT0u0rw87XbueXa4CJYq"
    "HvGD1PSev+fjj4ygrOBbG8UzJqf+ncTnrsoq0ukObq7Or95KbXHX3p9j9fA18NoUwMr7PW"
    "/mXW+lOryzt4hJhTt1v9dodfURmq9Fo5xkJEoSoo4MUpZUGz8shzaTHedmdL7OwmyCdpJa"
    "fLzOlgFduB0QlSyecy8zncanZfuSWnK8Fp6GqYZYOjIott6DtO7Yw+JOfLzPlAUtzF5hon"
    "lXwuM5+ZjuBabHJCu1imzzRlHU7bn9pg4emClD0iB2c2+AkyiXxx5ENPqbowsDCHanZIjY"
    "i2HJE1lU9+IGTRTnFPYmrJpuOxycSiAOkcHAoI92JOddazo3AhVKFnq2IxSWlCeU4lHetK"
    "paiFUbAOWoxGgpoGlSdDLoZplERCujV6zhuCaXwLx87d069QsQlrlBuomYidi03XWOQcfQ"
    "PQn/R6jawVVwKcC+DUTpMD5TBh+p74hrnZ64ltdF3MQDXPYUBKh78jC+9bU+LW62d1LKH6"
    "DIjHRiX6jljzvTDqkDmcoyXtqPMdVXHvyofUHyYdT8sDwBV2VKdBVSjiOrL36EhUBjzAc0"
    "DQ2KD/bEe1FXRUk6GXDkpPVCo9ROWWnUuVVqpmS/iVyWotqTyK8Zot0YosyWot6XouB6nZ"
    "InBgZObDLMztPQqoVorfke8syPF4AdadeR6pUVOA6xsPnYRyiODESVRGyT5uokVbHfesSR"
    "ooP+CNtoyeRCHoD0eBDjOfOfw4CrvNRGvMsh8vkW1TMFgPxc6p3OD5j3JU5W+Xl1dXHy5f"
    "X73/+O7thw/vPr4O9e70rU0K+E33M9PBm1GTnTzQsg+Dqnm0QR5o+RG5nudAC12Tl6bhIK"
    "Ku+IaYYn320RYBqSy4kycXpIVUbGJhIqlstGNENTxMdKyaOxUM6TcR0RhwxXBv3Hf6t14M"
    "vkc/Jf876UxYYD19tsvD94MWdtCCXhnzn86U3HZ63a+dISPwpUpRuP5tp8UbQNbf5P5+2B"
    "mN+HkA1zTpsmTz5/zcvb/nF5+waZYloF+HZOfUqwHtCUfBzNWfig6Bm0nv52vAKKek1esM"
    "KW9DU0xRBnzMgf/HTPg/JtH3FQLBTBwtoa5neykjdKdLSPH6uAL+1eWH96FIz35sEuJHd6"
    "1eL+2d1BG0xfk9JpPurRjMKE0CTNfF2gWjLI21rcHKCqg6xEuwMHS2XgEYrFzAouJMLsQ3"
    "AOsdT/WWkKhYxVFI1HNP6LQFJWQBuQw8LY9UnFaGdGg7CrIskXM6O+4xTiXDHouHPXLwlA"
    "W2HUN0Bjw7WCtFWI5IulqlEhPZ8ApoMBnkdZgmCVXmXR7ZlbbKVmTeCepYkl12ngiZ3HHK"
    "vOOEKtcOTE7SSk6XmdNxd1TOwMI4kczMJwjXTPuncmKbJpT4ivLpujP2HjNUMM44RScDYz"
    "NKahQt3xAnkrBur98QT864b0xsoTKbZVse8oZupldHcdpOwRZ3AIz3iG6pCL7xnX07tuvl"
    "9ADwjmKdVWutyAtwav/JEdbtr6wHQPjruqd6whvfhPYI7pZBy+eqYBKEmo24t7NtuPyxmR"
    "Fp0WbNPMFpiudGpV8VkGwtkDyikwxpgC2Oc2QDx+BFhom7pNOYFTNenwQAJr3iPaAJni2W"
    "kImA2Ypf4iPhlU5HVirB3OGfMCW07/kcWTYwCHgIPv4BvFjiucUHLvj4EkCigUdD1+izKX"
    "sN2hYxb0bkIYBqjrwZfSFyMSVT8stidQ00aC9mBmU2fYuHvy4RfZpqP/CG4cMYa+i1Zzoh"
    "+efoSKMv9BcbcOjt4K1de0oQaw8e0TOwER1urFfWFQSfh4PJPbj5FRi0BfCaBf2DOX1Ve1"
    "312euffo/F2tF3ZUWnbXfJAGQv5cCH6Ieh313Kbq+wdPgYTOiD6XsRaNoLw2mCGVKhayOA"
    "oLqYEo9BANsh9JSAPZuOIGJDz+DKewxZGb7YBRiy14UWojDrK/4xU4KJjSy6IDA0WJ+MYy"
    "84HsAPZXrZZPWvKSp+OcCwmdfqGWKHfTN/Q2CwiMkpoT+ZV1w31CfGf+hBTltTxH6iGCOg"
    "GUs6oy/WA+uCvsd3rKKL6Pyws6plJwIyZfBkKYMnN8WbZOjHZ4gxOZkt/PBhHHxVKTbCQ5"
    "I62XVOMM5TmnS2GHdM8SQp1AlEE4Hcly2WoLCxgsLWWyWSh4gi7O+6a9Xtge8xqmFiuq08"
    "WsaSb0Lhrkk3E2Z3p7sAlycIoq2IkRJJDv+IKfmXQbccthdrrolYnCaVR9DF/IJ2D0b9Ef"
    "CdcQBrL8ESPlFSCCxk6nDFO3Dwo/9C9DoxXhlmzu1JdF7AUPl+qoWnAkIB0T94weald5og"
    "pbNFSeXWV8qt71yOjZKpcIc2DXMwhPLE9rjFgLbMkkXDDzz9NYw7XYXBqL8q9I9W5A6zLk"
    "B6f3Df6V8Dw0RUO2r3uqw6uUpXm6cpuRlM+u3ONZhRYVpFUzIafBorwUXbeHSU4E57cHff"
    "a3VZBKxqsFw/mIXBTvqjyc2oPeze0PYuCVei5Gp9Huknug6mxsRmL3GCtIbnNOrkJca2sq"
    "TaJRbFLN8Yho4gydjTYoQJLs8o5bEYG145LWdvBoNejKk33WSg2eTupkPnGecmbYSd2IYW"
    "OQJlCVwW2eF+fvM6BDCdOs5vLY4W0ZTjVAfBve5njZbIgUxgS8OcHUsZpSlHGGWtEhJaSE"
    "V4t2zVCdIabuEVPWqZ54BtQtktZL6KEtZIRzqJwlqeCLFyMkEGiJUV3A2RTNG8H3tGKBRI"
    "hlYyjPOGKCQW0O0xNueME6soxruEiclQpiOFMp3HT/MJW7az9sQ0BH6aZJNmTj/NI6PL56"
    "dhEQi8OeDOHRaJAMETZSwPRAiWAlbqjkUBsLOkC2Qh4CBdZ74Pb0hwyyLwzvHFXDQH7X1K"
    "uM3S8+ZwtwuCThDeYEPmzQlCTLwIByr/G5ZmA+xkeWFSPhX2bp7HRMYOlEMezXagnFVDKJ"
    "0meBYVgU+XFPbZJqmgfZkdLLvao97mMUe9zbZGvX1ZnhiCOx4uNzR03TVFG1Ps/sZdyQu8"
    "U6x1061bUtuLBPMCCV/MLUhfDrJCvk0wc9Un5LB13nKaICJENYHvGX15kdqEDtCfcOuI9M"
    "THdEqk83pnf0XctsnNJdWPTyXd9uXcdRLc2sXNnBw4JV4MG3fd/mTcuQZLTFwHTcmXwWR4"
    "DRaGS8WxW+5qhqtdfL0HzpeznmpFDMRrqhrahitiC87l3j23KbJsvD20LVIesj6SjVeYtn"
    "DTZm2LcxZWN3nXiTWSMLnDTiohOvFQrhf2XtLDYsCvaSTqu6HOrGOic4AbQA9JJOa7Ye7r"
    "gztAn6SUHNiNA37Q3i4sSJFKHuw1C/ZgRVYPkiO7cYQ7SAryYE0jUd9rHuwCfopU8mC//W"
    "AXJqRpJRd244J3VqQg/BEiiftuuEcO6hQEP0kpObDjzhsciSq6+8boJPq77sBhrE/hDThO"
    "KTlQuQPvo7CWRkvT2B8Ngcc63ai5yW29rs/B3BRh+62+a79zZINnBJau7bBD4WAJsQ7gnL"
    "IIvFjQ7/VPWzbXBylfXgPTMhykOl5CFpa4n2WiSTmzD/2AKbGQ6TremXUWpAXwo9cgDJ5j"
    "yWQs9AovTYPlgZEJV8o+L5sb3NeIDRWx41oMf0hQu2pVV5d5TpDRVpluaH4veVwJ2qIw6E"
    "2lqgKKMgcC7IxxLog3IJxOaOMIR3D2Ab01hTyeF3P4H+J4nqx+mT0T6nU4ryTS3ph+7xPS"
    "epg8ieS86O2NEp7jNVT0oOV22Q6wtgCygHLwTP+DDhejeCahC9DmwemO8YSIDVRoWSsqRz"
    "HRyXj+CyXRmn46PCZcTYY9ljMvLd0d/BFTwn5YSMMWlf3A3EC2l9zvmUfaP3NJ0AEmMkwd"
    "gRfE8KLtA4KXfk5Ar18vZWBzSp4XWF0AHfnCpBeXT9/TNOjgp2+msoSDC7TMDp5MB+a4lq"
    "4soL2Q4ffVkCRlTNZxY4fC+VBAlozS1FCafJ8nxv59doz9+7dJafKEOUzKBu2pk5hISVFK"
    "iieVFFu2jeck62xl5O5GORHG222TErN5LhSD0B8msnDQe+SErxSCKiEEeaNjp1UtQSqXtb"
    "Iva7HKm+G8LSb7puik6Fu61Ch1R/dcxbPqiOuGnDPxrT0Oc+F0HZ1YZxUDOm++jtTiuD0n"
    "yjkqD1UV3g2lh0qWb6aqCG9OOBOCfB51KLKEiEoCxBaYDVlm4u0Oqg7to/L8KPrOnlLAhn"
    "T00jzzA+oxfgWnHbgep5RcLwvXA4wibPfffs11/n+K39luhaB9Lezep0kjbWFVjPD29CBr"
    "6tPhzY+EKqzXRjHYG6y0hDJssRwhYR9+kQn/MvcOr/s+e1GITTXHtnPnHPXHGpoFH52inL"
    "kdtj6NrwGnnZLhpN/v9j9fA8slhMLvF/TojDu3fkEPKqZq9Gqr3+70+EX2/f7h7FJwzdpt"
    "p4pTHmCnKmc6zApuTAK7KoVwFx5H6SSHy8xhGTZyUivkOXMzlw3qvGacvMmZs+04SQfhcv"
    "9a3XF/dU2QF9ly98SpfnbcoxYzD+ASmAQjSGbbAyMG+OPGRvCX2ysqQpoI9zQRSrPBWr/J"
    "ZTZ4s8Fs8CZtNnimm/FCIPpmDtw1welEoTelHryROqDY0QuN1pCgDhXqEqewco3Wqw2j9S"
    "o9Wm13uYSikirZ4bMRkjqAfOoI2pmhFYI7aC+xLo41tpVnTIjI972tnuiaTpYTLVBOVIbU"
    "yeCkEmldzd2Ck/LYBPxks1iYq6SAqlu/UmSxBUGaTjZCddSjEzqyxKcm+I3mxgMTYZNjBg"
    "d9izjiIgEoxapmSIvAnhaBCrpSTUQ0BlkxxBv3nf4td5/69FMyCq7YwZXbTq/7tTNkvtMw"
    "n/iU3LeG426r1/tV+dTqcseqCS0HQ11fKV726ykJ7qyzYZ+n/JA8r5cP+mqGBuUruww1nS"
    "XDLM72BGkN+V4RPufyw4bcWmKW5qygmiuglspuAWWXF8VUwl1ih9km7kHGPpR5zoVhVrts"
    "qglayelSc9oXgWbi6qTZ6WCTdLK4e3rxLF0IUeV1vA2WwvWIPICl8J5+iYpNmEcyKNkgzm"
    "snTM3gAxQdzxnONSBobNB/ThPMddZBf9RQrr1MZ10NLU3DQURdDXn98YbAjJZu1NxkUsPr"
    "5oq1bn/geBszmJxKELhhmGxE+OPjCa1kVpJqZCVJczJvEESasobBO0c58xObK3nhjhHVEO"
    "nDJ2xjq1ABgP3mNYT2KIP4kT4fWWwREOin2SgnyGqI9uEHMlU26fsK9ZdNG2WMrE6RDqeu"
    "1yK9Gz+IdyOl254n/UYLWVhdNEQ+de/ORg0ArtvIlBsnXpmO5j3/jiy7oMAYIanhLnv57l"
    "0emebdu2yZht2Lr/RsUhVA2G9eQ3SPcmaBPtERRhFm1+OIkJy+IMd5/BcHK71x1s3sz/8H"
    "f27cow=="
)
