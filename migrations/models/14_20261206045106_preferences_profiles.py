from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "subscriber_active_hour" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "hour" SMALLINT NOT NULL,
    "events" INT NOT NULL,
    "subscriber_id" INT NOT NULL REFERENCES "subscriber" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_subscriber__subscri_6c8810" UNIQUE ("subscriber_id", "hour")
);
COMMENT ON TABLE "subscriber_active_hour" IS 'Human opens and clicks per hour of the reader''s local day (0-23).';
        CREATE TABLE IF NOT EXISTS "channel_responsiveness" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "sent" INT NOT NULL,
    "engaged" INT NOT NULL,
    "last_engaged_at" TIMESTAMPTZ,
    "channel_id" INT NOT NULL REFERENCES "channel" ("id") ON DELETE CASCADE,
    "subscriber_id" INT NOT NULL REFERENCES "subscriber" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_channel_res_subscri_2d9eda" UNIQUE ("subscriber_id", "channel_id")
);
COMMENT ON TABLE "channel_responsiveness" IS 'Messages sent to a reader on one channel, and how many of them the reader opened';
        CREATE TABLE IF NOT EXISTS "topic_affinity" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "score" DOUBLE PRECISION NOT NULL,
    "scored_at" TIMESTAMPTZ NOT NULL,
    "opens" INT NOT NULL,
    "clicks" INT NOT NULL,
    "subscriber_id" INT NOT NULL REFERENCES "subscriber" ("id") ON DELETE CASCADE,
    "topic_id" INT NOT NULL REFERENCES "topic" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_topic_affin_subscri_d0adc5" UNIQUE ("subscriber_id", "topic_id")
);
COMMENT ON TABLE "topic_affinity" IS 'Human opens and clicks of publications on one topic (a click weighs more).';
        ALTER TABLE "subscriber" ADD "channel_order" JSONB NOT NULL DEFAULT '[]'::jsonb;
        ALTER TABLE "subscriber" ADD "quiet_hours_start" TIMETZ;
        ALTER TABLE "subscriber" ADD "quiet_hours_end" TIMETZ;
        ALTER TABLE "subscriber" ADD "daily_cap" SMALLINT;
        -- quiet hours move from each preference to the subscriber: the first window
        -- a subscriber had set (lowest preference id) becomes theirs
        UPDATE "subscriber" s SET "quiet_hours_start" = w.qs, "quiet_hours_end" = w.qe
        FROM (SELECT DISTINCT ON ("subscriber_id") "subscriber_id",
                     "quiet_hours_start" AS qs, "quiet_hours_end" AS qe
              FROM "subscriber_preference"
              WHERE "quiet_hours_start" IS NOT NULL AND "quiet_hours_end" IS NOT NULL
                AND "quiet_hours_start" <> "quiet_hours_end"
              ORDER BY "subscriber_id", "id") w
        WHERE s."id" = w."subscriber_id";
        ALTER TABLE "subscriber_preference" DROP COLUMN "quiet_hours_end";
        ALTER TABLE "subscriber_preference" DROP COLUMN "quiet_hours_start";
        ALTER TABLE "delivery" ADD "deferral_reason" VARCHAR(64);
        ALTER TABLE "delivery" ADD "deferred_until" TIMESTAMPTZ;
        -- daily caps count a reader's sends per channel since local midnight
        CREATE INDEX IF NOT EXISTS "idx_delivery_sent_per_reader"
            ON "delivery" ("subscriber_id", "channel_id", "sent_at")
            WHERE "sent_at" IS NOT NULL AND "subscriber_id" IS NOT NULL;
        COMMENT ON COLUMN subscriber."channel_order" IS 'channel ids, most preferred first';
COMMENT ON COLUMN subscriber."daily_cap" IS 'at most this many messages per channel per local day (None: no cap)';
COMMENT ON COLUMN delivery."deferred_until" IS 'the latest deferral on the subscriber''s behalf (quiet hours): until when and why;';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "subscriber_preference" ADD "quiet_hours_end" TIMETZ;
        ALTER TABLE "subscriber_preference" ADD "quiet_hours_start" TIMETZ;
        UPDATE "subscriber_preference" p SET "quiet_hours_start" = s."quiet_hours_start",
               "quiet_hours_end" = s."quiet_hours_end"
        FROM "subscriber" s WHERE s."id" = p."subscriber_id"
          AND s."quiet_hours_start" IS NOT NULL;
        DROP INDEX IF EXISTS "idx_delivery_sent_per_reader";
        ALTER TABLE "subscriber" DROP COLUMN "channel_order";
        ALTER TABLE "subscriber" DROP COLUMN "quiet_hours_start";
        ALTER TABLE "subscriber" DROP COLUMN "quiet_hours_end";
        ALTER TABLE "subscriber" DROP COLUMN "daily_cap";
        ALTER TABLE "delivery" DROP COLUMN "deferral_reason";
        ALTER TABLE "delivery" DROP COLUMN "deferred_until";
        DROP TABLE IF EXISTS "subscriber_active_hour";
        DROP TABLE IF EXISTS "channel_responsiveness";
        DROP TABLE IF EXISTS "topic_affinity";"""


MODELS_STATE = (
    "eJztXet34jiW/1d02A+TnENlqpJ6bXrPngOE6mKaQBZI9fQ0c4iwBWhiZLcfSbGz/b+vJD"
    "/wQzY2T+PSl+6KrSub35Wl+77/ri11FWnWVcNRsd3V521im6vaLfh3jcAlov8QD6iDGjSM"
    "9W12wYZTjVNANnSi6XM+bGrZJlRsemMGNQvRSyqyFBMbNtYJG94wDETUNzrRVsBEim6qQJ"
    "8B9ILMFbBsaKM3ygKSOSZzQOehRHUw000A1SUmFoBEBZgoWEXEpuQvGL1aV+zBqq7QJ1Oq"
    "Az7DIfgPB01sfY7sBTLpk37/J72MiYq+I4v9+TuFxaR3J/bKQC5K/E+s1ujI32u6ojimid"
    "QJtGv/ZLTG82SGkaZGeEBH01v8ujsRvdbE8w6xv/Cx7OdOJ4quOUuyHm+s7IVOAgJMbHZ1"
    "jggy6S9mT7BNhzGEOJrmMc/nkfvL1kPcnxSiUdEMOhpjK6N2X2B9rTaZ9PqjybA9mkxqCZ"
    "b7FCEOeZcUnbDlQl/V4gDM2Su8+c/r65ubT9dvbz5+/vD+06cPn99+pmP5+yZvffrTfZk1"
    "Wu5UHLPOz53eiL2QTteku1rZhT85DbShS8U5t0afrgjdnPC/ElxoLaAp5kGUKsYL+iPjvP"
    "CRz2KGf2HNjfU3FUBvrSwbLWuHYskSfp9oiMztBf3z+u3bDLi/NQatr43BBR11GQW95926"
    "du8x/CN4s5cqhrVHcTycD7nsIxi/y4XxuwyM3yUxju1KeYGOkVUQ7Q95wP6QjvWHNKhFe/"
    "hGoIUbeRVg/vg+B8wf36fCzG5FYVaRDbEriURB/tuw3xODHCKJQaxixQb/BzRsJc7Mve3T"
    "/zVzCN+3wNTBmk0FjSv22P8+1M6dATiDiM28tKw/tDDQF/eNv8d50Or2mxwy3bLnJp+FT9"
    "CMMcREFAyr6MKPUm218j0J5UdZ+GERMgH0HYXJxkskBjtGGv8IPNor/x/nuOuYCKp9KvZ7"
    "6yID/FHnvj0cNe4fIl/CXWPUZneu+dVV7OrFxxijgknAr53RV8D+BP/o99rxDyYYN/pHjb"
    "0TdGx9QvTXCVRDQrZ/1UctLiZRAVP0daXqBWGSzdrBGXxarn5w/e79p/efbz6+D9SC4EqW"
    "NuBK/kzpmj2nC/5JeL/oJsJz8gtacZQ79JUgUUQCkac7P5hMezSgdn4I/+kvIf/q+hVN+B"
    "qoqpGVRQGgPxvZHAL6AqD32O3WONBTqDy/QlOdRBBnd/RrPXYlGJu8tbxexq9AAuccHvY7"
    "2FsnsBcYNSKMSTdoGJFhmw0awECmRc913QQWMl+wgoC9gDZY6PSNga0/I2L9BJ7YyzwBTK"
    "8sEPjbryPwZDnTJ4HxYvf5NhsqCtkefhTDw04bSz3DpKDQY8ne6siOUsoT+5xObMdQt+R6"
    "lFJyvSxc9zEKsd17+zXXixoO92syPO02enhjoYotQ4OrwubZON0RDbRnbJpFS4i1IjAHBN"
    "XT5G+u8wBMR6UCzO/FjCa6lrKM28RZJvSNqOnEoz3iUmauMGQWXNC1xt19p3fretfGpH3X"
    "GfUHtwCpmOoQYzJof+u0f23TK66rDdFr/pXQ84pa0T/mMaLHj4mQDf1jnFXYmjC/w4uAX0"
    "2dsgKSFBk5TBfj1ZQSHopZ/sZ/XNNis9/vRg7qZifmgOs93jfbFHsOPR2E7YhfLmRI54rO"
    "5AVqmEpCMxsJdPNsMUo8wx7EqeNsVN77UxXPcpAKqAZINcIpmukmUwip4rfUl8xFDenfJp"
    "o5FlITymR0iguuJmJoP13mmu4nqoDaYLoaE/pt0pkCBXrkTss85dMVUBFf4ZBbty+oYv1X"
    "7jvH9urKWNXBoE13gDYY11yqcY2zPv+aKrkE6Ar+CbtSuv0jZHHioRMUKhMjgSuj6ZF/+W"
    "WANJji80wL2CjFEt7Z8BQ1gRqGqb9QvchwphpWOCI7wvawnqmioEmsCiwwDZn2rh8im6NC"
    "+BzSWksFXUKQ0Fbr36pnWWqV0KCNdtqeTt5YSDHpiUZPNZuCYQGNymUAE/BEf/cMz59+8s"
    "yrdfCMVu75xi+8mSLI4AOPg67FT8hnZNiJ03b/jxgTHsQGLUDP3QVdWei7zWdzHzNZX30C"
    "FxZCQNWpCkauFHNl2PolsHQAAbNLTqFFbzpLY0xUHVmA6DagQuszsx4vpdFYGo2l+VAajS"
    "XXpdG4gkbj9LDHzVa2c4h9rLXvG53uLeDW1zEZdhutX26BpVEZbUzuOsNWf3B3C1RssUj4"
    "Mfm13fza79MRr2i60HU6ZjAc3gLTssphaXMFpSTD0iP71hQysC+y4+0jsC8haSY5M6JXxZ"
    "wRElfBOZB1+LT/PsrmQnD2dPu9n/3hcdbEuGBD2xGopvl2sTX1Eb0Fa7N3IW9Ba9T51r4F"
    "LvWYPDQeh226fRmQWST5ftZodtvuhsbeL2H0PM2u5UI8oTKKJcpmyPhE4oTy8yj+eTBkJh"
    "peYntiIHNCtx2dCJTSL5oOU9iQOkOMHTM2RaUYctd/pB8UeBi0W51hxztBAumY34z6agbt"
    "Rjcd/6ljWoIzItUeICKV0apJf9jUhEQtFgAcJpGQbgwA5nAJNo2iAcBNf57zQjdv8G94VR"
    "UO/g05Jkw0QyaiSO5ocR86U/Z7p8h8CKYsj3K2Xw8F/cFUKtrdXXjnzpPHU3iWOFF9xqAD"
    "6G8kyNoRK88VMUhMWRXgdnTx5PU13kOyGunsv3kTKQo5HMtl1srYTPmvm8RzE6K/1WSrEq"
    "nBKM/T5aKqm5wvz2gVA93blAPOeSM8Yu+uvTB1Z76Ik4Z8aZFNvdUYthp3XAKcxN0zf2Z6"
    "99b7ck3g4AvdrWf5+KzouI1uvgGC9KdQYhaZwi1izMf2VxbrsqL/AlQPQyaBGsAquGBVHx"
    "SWW8HccJ45DLCoDH4sXSaTM/Y+u/S6Sa/bmZwfZ+p/kV63H5HrebxuJw5vL5Hb7SDB7f5Z"
    "WLAkQIysalAfxMN5Wv9x1dNgoE1fYerYIqU73SkZpZKOyb07JtmB+r86KVbRKERzxMX/OG"
    "odZ/3vv96IpiswLUlJjPGa4ogII3IcgA/lOBQDXGnP7mNv+NgctgadJvPmOiTQ9NUxafYf"
    "ey12earTTYxdafXvH7qNTo9dVPSloVEGlcX3yx6HiD2ZM+PgNqqjgP5s0pT24hMut+aQVB"
    "h9jr1ie6Ga8HUXrsfnkJwvM+f/cDCyJwvdMa0J3XxNUThUKsuFxGn8riSvIwwVMnO90X6+"
    "FDGQ8S6VI0jkwM3HDyQM95DcKMgNFWJtNVGgkeTDcAk1LdVCHSEscbQCVezAkqLgJc1Csg"
    "JLZFlwjixWuQl4jhT+by4KAxWuwEWPah30cTqgv/Ay4VfY05xiY/nN9aePgZ2c/ZFlIh/e"
    "N7rdZPSJ70PSTVWUiJ0RmxsnLIcmzJ5XVBP2fwvAqlV3+eUGMZhIBTPsxS5F+JqL4gR69F"
    "bpyjJi4zwiNsp5BmXDhKjms2vqbZvM6Y7Jihi02WwVRQpaFp6T5e5wNYKJqvrtuZYGV77b"
    "ESs+01c6UVWx8s9pGTm1JYC2bmBlAmczTLC983Y/YrM13MkqFaV3yHoCQrkiM/YoKn/kiU"
    "KaGFGSjQFJfYKAqb9y2f1iPU8d8AVT92X7y1uwoKP0mY0IuOCKKeAbF48eogK+WxTAXqCE"
    "kLn3J4zXtljzL1RwZYUFntagPaWGLv0eC9fiL8BFXC+67J+x4Kbfvc/G9fVGA9VmvDg8UV"
    "ayVU5JW+XIYKl0Bp1n2IwMlvoRuZ4nWGq9GyeYns9TGZngiM5KvFwiFdNZi1p7Ovf37bsO"
    "hf4WBHOMyV2j0/3tFnBrJculb//C/nxF6Jn93Wt/Y4UrCes1VxLfZPRMzRctHCXayhhbuk"
    "9zz+l4IYmwELQJOomusPjnWirMCWyYRGK6OdsxKqnvmPIYzeY4M6DzJj4mPl1hokxyHe8B"
    "35E/T0WhDX+8m1EN5SrtiGuozGBFkY0e5WJs050/h7TWuGtaYJ4JFnu6PSb4rjbaX9IBla"
    "lXMvXqTD72M9UrpTXhR+R6HmuCpTmCCm/pMeX++MoVPDxIu+fypwOdd7pV+M0SMKdX+oqR"
    "VSD56hhlvmSo0tHCJaTvWhZKOfNCKVwx3K5MStgGkVIkJVA791Qixa0UJlCBgxJi6SpwUK"
    "0sXwiCxoqPXLDH1Om/53od0IOJef/rYKbrNgsXsBBdAez/uoKhBjRMnq1LYFGxAfE+P8yp"
    "sQIh40siCmHfDxkT3vnWolArtgWw/ROAIMQQsIQrQFnyTG9ZQH8lsqaKVOzP6ag5UxVPKv"
    "Y/ItfzKPayk8EhFU92pk4cs1DRmjBNFUpLJ2DOiXMm0AmkDRMvobliOOoCB2k63AnCI6r5"
    "//EOfrpBnw+l7R+8EgKvub0V6gLSY+J+/fb63fX7c8XdFc2LWLLWFNKIVbyVA9eACrcwj5"
    "FVAPgjHJgeaIUrvcXpqndwHqTkm6vUT7hSn4Q7PUk4TleOHOGzr5a1lek8Ump419Sv8/tK"
    "clnKZVPd0yV5jRAr/sQtr8nIIf9ePTN4KDxqo/F0tEDA72cO9BmAwKf/iVsdeUtWlpttsc"
    "as/ht8Q6bFNhNLB9yEGTFbJmynB3jGmDwjZFjA5CcZayzL6gyx7C7w4tFhG7xCC/httfmA"
    "9MwuX/DwA8r4Qq5zO/sS2onMLmlilSbWUmxSZ2pskybWH5Hr5Texnpqvh9cZEwfcFslu8T"
    "nKjH3F2sd68siWjFtTH9HAsrCXWkE9s/Z1dE95xijHhNmdbrmQuJl9TDe8Bf+yklLoadil"
    "OKbJqmB6QmkB2VBAeby8r3elFhTX8L5AE7PfWcgcEyEqhy1mm3ptpbLFRMwHkC/cQppQhK"
    "bE5RGPutIz0htdvJIAF0+9C1kLzgvhvClikaUViWwbUFl10GmN8nV0VBZYU00k2MMLRY9W"
    "Du/ohuyeVruG2EZNQOURJs/DdujDlmFCDCG72ZIYlkH2m5H4e8Ra6T9GGttOaWwrLqqeRE"
    "QtPcJhv6FjKgJlOz0CYU1RZtW6tDEIUi0ooVogjfjpG855mnPzGPEDGaJYtZsolTxVNmuE"
    "YUHqeDph2UDOXZElusDKVDgkHDMhkOBjIRXp0nvMI3/QUiK/hzt1sedai4nvNZeSu3STn3"
    "xfqPAJK93kVeN6Hje5jW2tYG9Qj6ASGmUs2jeXo/wmw1F+IwiudpYs1aWQ2r4mqUAA+7G1"
    "9qmuFkLbHy+hLgy1YWLd9MpXbBNHEKY/IvyEhS8UjiXo9Qf3jS6FnlOPydfOz19vwQLPF2"
    "PSGnRGnRa7SylsKi4nMv9PlCx2fm1zVRPO7KK8uRs0voxuAacdk05vMmh/67R/vQWYTEz0"
    "gtHrmDQeHgb9b6wzrh/LOybD1tf23WOXXbSUBVIdjV19eGx2O8Ovnd7Pt8BTQygTg+tstH"
    "eZjf7S6PAJZhBz6laj12rzKwpDlV4rx1oIKVQFBbwopey8Wh55LinGW850ie3tBPk4reR0"
    "mTnt72JbMDpGKvlcZj4HR832O7fk9FlwGjoqZqXzWHs5Xdvy006ZQ3K+zJz3JcVtbK5RUs"
    "nnMvOZ6QiOyT5OaBUri5qkrEK2/bENFq4uSNkjcnCmgx8jk8gXRz7wlCoLHQsLzqaH1Iho"
    "yxFZc/bFD4Qs2iruSUwt2XQ4NhlYFCCdg0M+4U7MOZ/97CBcCFTo6apYTFKSUOapJGNdqR"
    "S10As2jYvQSFCToPJiyMUwDZNISDdGz7lLMIlv4di5B/orFGzACtUGqsdi5yKfayRyjr4B"
    "6D12u7W0HVcCnAvgxEmTA+WgYPqO+Aa12auJbXhfTEE1TzIgpcMvyNy5mcSdO0+l+kiEVy"
    "V6QWz4Thi1yRzO0ZJO1H5B53h25UPqu0HX03IPcAUTVWlRFYq4Dp09GjIFllkfzz5BI53+"
    "ZzOqDX+iiiy9ZFB6rK3rPjq3bN3X9ax6tgS/Mt6tJVFHMdqzJdyRJd6tJdnPZS89WwQOjN"
    "R6mIW5vUO32bPid+h3FuR4tFvt1jwP9agpwPXMpJNADhFknIRllPR0EzU86rC5JkmgvIA3"
    "OjKciULQd3sCbWY+s3k6CrvNRGvMqh8vkWVRMNgMxfJUmnj+o6Sq/Of19c3Np+u3Nx8/f3"
    "j/6dOHz28DvTt5K0sBb3Z+Zjp4PWyykwktuzDoPFMbZELLj8j1PAktdE9eGrqNiLLiB2KC"
    "9empLQJS2XAnTy1IEynYwMJCUuloR4gqmEx0qJ47ZxjSbyCiMuCK4V57aPfu3Bh8l35M/u"
    "ex/cgC6+mzHR6+74+w/BH0yoj/aY/JXbvb+dYeMAJPqhSF69+1G3wAZPM9PjwM2sMhzwdw"
    "DINuSxZ/zi+dhwd+8RkbRlkC+jVIti696tMecRVMHe256BJoPnZ/uQWMckwa3faA8jYwxR"
    "RlwOcc+H9Ohf9zHH1PIRB8icMl1LR0L2WI7ngFKd4eVsC/uf70MRDp2R9ZQvzwvtHtJr2T"
    "GoKWuL7H42PnTgxmmCYGpuNg9YpRlsbaVmNtBRQN4iVY6BrbrwD0dy5gUnEmF+IZwLrpqe"
    "4WEharOApRsOM6bUEJWUAuA0/LIxUnlSENWvYEmabIOZ0e9xilkmGPxcMeOXiTBbZsXZQD"
    "nh6slSAsRyRdpUqJiWx4BTSYFPIqfCYxVeZDHtmVjkpXZD4I+liSbU6eEJk8ccp84gQq1x"
    "ZMjtNKTpeb0zN6WlFmOcQWNZDcxOs49dlwmwv0zHNn2cD9GVAD9LRkly1nyoZOkfkXC0zR"
    "AmozcPGHg5FNhX/HtC5vAf/B4HWBCIBEpf9Y/RRXAfb/BNbxzLABnNnIdKehCgiAFv83VU"
    "LoXCGho/KrFmqpuVjpB7+AtHqH/sf3Oc78j+9Tj3x2S9wyqFAAcpRIVvAUhHUn/dg5sU0S"
    "SnxFdbeDjbYYvAk6GUCf0nqnaJuXKJGEdXOfl2gR111j5wu14y3b9pA3xDu5O4rL+wqOuD"
    "1gvEMU3JngGz3ZN2O73k73AO8wMtl57RV5AU6cPznSP7yddQ8If1vPVE14o4fQDkkgMrnh"
    "VJ2O/JDUIY+KaOkOf2xq5Gp4WD1PEOvEDbegv8on2dhIfUg/MqQCtjnOEdXKda6YE2dJP2"
    "PW9HydMQQMesV9QB28mqxwGwHTFb/EV8Ibja6sRCHK/T9hTOjc8zkyLWaaePJ//BO4WOK5"
    "yRcu+HzJLRAzXVPpsyl7dTqWGxxCDwFUV+fD6AuRqzEZk18Xq1ugQmsx1Smz6Vs8/XWJ6N"
    "MU64kPDB7GWEOvvdIPkv8cDalzbhjh0Fv+WzvWmCA2HszQK7AQXW5sVjYVBD8P+o8PoPkb"
    "0OkI4A7z5wdz+qrWuju8Oz/9PSYbR991xC0ySwYgeykbPoV/GPrDoex2G9AHj8HMKkPfi0"
    "DDWuh2HUyRAh0LAQSVxZi4DALYCqDHruGHriBiQdcxw2cMWBm82BUYsNeFJqIwayv+Y8YE"
    "EwuZdENgaLA5GccuOB7AC3m8rANLp5gRr21oMMwd9QqxzX4zf0Ogs8jqMaF/sugZTVeeGf"
    "+hCzkdTRH7iWKMgKov6Rd9tV5YV/Q9XrCCrsLfh3VVq+cJ3JZB1qUMss6KS0vRj08Qi3Y0"
    "89n+w734rlJshQckVbLrHGGdJzTpdDHukOJJXKgTiCYCuS9dLEHB4AkKRm+USJ5CirB36q"
    "5Vtyd+xii6gemxMjP1JT+EglOTHibMY0NPAS5PEERHET0hkuz/EWPyL50eOewsVh0DsXhu"
    "Ko+gq/kVnR4Me0PgOe0BVi/BEj5TUghMZGhwxSew8cx7IXqd6G90I+fxJMor0hV+nqpB9l"
    "AgIHoJWuy7dLOOEjpbmFQefaU8+k7l2CiZCrdv0zAHQyhPbI5v9mnLLFnUvAD134L49FUQ"
    "tP7bhP6jEbrDrAuQ3u8/tHu3QDcQ1Y5a3U7rl1ug0N3meUya/cdeq30LplSYVtCYDPtfRh"
    "P/oqXP7Il/p9W/f+g2OixSXtFZTTDMwuUfe8PH5rA16DTbzHMc7ETx3fo00k94H0ysiewI"
    "gxhpBfO5quSXx9ZkSbVLLMptaOq6hiBJOdMihDEuTynloRgbXDkuZ5v9fjfC1GYnHpD6eN"
    "9s0++Mc5MOwnbkQAulSpoCl0V6WLA3vAoxD8eOB16Lo8UCTsJUe8G96jmJS2RDJrAlYU6P"
    "uQ7TlCPculKFS02kILxdVfsYaQWP8DNNyc6TiB9TdguZr8KEFdKRjqKwlidCrJxMkAFiZQ"
    "U3I5IpXB9oxwiFAkUTS4Zx3hCF2Aa6OcbmlHFiZ4rxNmFiMpTpQKFMp/HTfMGmZa89MTWB"
    "nyY+pJ7TTzNjdPn8NCwCgQ8H3LnDIhEgeKaM5YEI/lbAWmKyKACWc75AJgI20jTm+3CXBL"
    "csAjffN+Ki2evsY8Jtlq43h7tdELT98AYLMm+OH2LiRjhQ+V83VQtgO80Lk/CpsHdzPSYy"
    "dqAc8mi6A+WkGkLpNMGTqAj8c0lgn26S8seX2cGyrT0qT+bTdXrm0zXPfCpJDME9D5cb6J"
    "rmGKKDKXI/81RyA+8m5nroxiOp5UaCuYGEF3MT0peDrOF3HUwd5RnZbJ837ToICVF14HlG"
    "L68Sh9Ae5hMeHaGZ+JpOiHTu7OxfIbdt/HBJzONRSbd9OU+dGLe2cTPHF06JN8Pafaf3OG"
    "rfgiUmjo3G5Gv/cXDLU4XH5I67muFqG1/vnutqrT+1IgbiNVUFbcNnYgvO5d49tSmybLzd"
    "ty1SJlkfyMYrLG+adVhb4tqm51vk78gaSVAEZiuVEB15KVcLe7c4ajHg1zQS9e1QZ9YxUR"
    "5gBugBicR8O8w9fXAL6OOUkgPbccAL2tuGBQlSyYOdvoIdWJE2g+TIdhzhDpKCPFjTSNR3"
    "+g62AT9BKnmw23mwDROStJIL23HBzRUpCH+ISOK+He6hRJ2C4McpJQe2PHn9lKiip2+ETq"
    "K/7QkcxPoUPoCjlJIDZ5fwPgx67jRUlf2jJvBYJwfVs9zW6z4+zE0RjN/ou/YmRxZ4RWDp"
    "WDZLCgdLiDUA55RF4GJBf6+XbVlfJ1Je3gLD1G2k2FZQX5dVokk4s/f9gDExkeHYbs46C9"
    "ICeBYrFMyKyZjoDV4aOqsDIwuulP27rGe4rxFbKmLHtRj+gKByXe1urvNkkNFRqW5ofi+e"
    "rlS0LvSO5aBL50KLYZwL4gyEkwVtbOEKTk/QW1PI9LyIw38f6XmyS276l1Ct5LySSHsj+n"
    "ufkdrF5Fkk54VvZ0p4tjtwovkjN8t2gI1lXQ+wDV7p/6Dt9kHgCxW0eHC6rT8jYgEFmuaK"
    "ylFMdOLtEbBa98rhMeHqcdBlNfOS0t3eHzEmvEUDUrFJZT8w15HlFvd75ZH2r1wStIGBdE"
    "ND4ILobrS9T3Dp1QR053VLBtbH5HWBlQXQkCdMunH59D0NnS5++mYKKzi4QMv04MlkYI5j"
    "apMFtBYy/P48JEkZk3XY2KHgeyggS4ZpKihN7r+7yBFrmJQN2mMXMZGSopQUjyopNiwLz0"
    "labmXobqacCKPjNkmJ6TwXikHou4FM7M8eyvCVQtBZCEHu6thqV4uRym2t7NtapENv8N0W"
    "k30TdFL0LV1plKqje6rmWVXENaPmTPRoj8JcuFxHOzLZmQGdt15HYnPcXBPlFJ2HzhXejN"
    "ZDJas3c64IZxecCUA+jToU2kJELQEiG0xGlZnouL2qQ7uoPD+KvrOjFJBRjl6aZ35APcbr"
    "4LQF16OUkutl4bqPUYjt3tuvuc7/n+B3ulvBH18Ju/dxykibWBEjvLk8yJr6eHjzlNAJm7"
    "VWDPYaay0xGTRYjZBgDq/JhHeZe4fXc5+8KURWz7HN3DlF/7GaasKZXZQzd4PGl9Et4LRj"
    "Mnjs9Tq9n2+B6RBC4fcaerRH7TuvoQcVU1V6tdFrtbv8Ivv9XnJ2KbhmbndSRSn3cFKVsx"
    "zmGR5MArsqhXAbHofpJIfLzGEZNnJUK+QpazOXDeq8Zpy8xZnT7ThxB+Fy917dUX91RZAX"
    "2XJ3xKl6dtyDNjP34RKYBENIptsDQwb4w8ZG8JfbKSpCmgh3NBFKs8Fav8llNniXYTZ4lz"
    "QbvNLDeCEQfVMX7prgeKLQu1Iv3lAfUGxrhVZrQFCFDnWxLKxcq/UmY7XeJFer5SyXUNRS"
    "JT18NkRSBZCPHUE71dVCcPvjJdbFscbW5BUTIvJ9b+onuqaT7UQLtBOVIXUyOKlEWld9u+"
    "CkPDYBr9gsFtYqKaDqVq8VWWRDkKaTTKgOmjqhIVOcNcFv1DMTJoIhhwwO+j3kiAsFoBTr"
    "miEtAjtaBM7QlWogojLIiiFee2j37rj71KMfk6F/xfKv3LW7nW/tAfOdBvXEx+ShMRh1Gt"
    "3ub5MvjQ53rBrQtDHUtNXErX49Jv6ddTXs07Qfkvl6+aA/z9CgfG2XoaqxYpjF2R4jrSDf"
    "z4TPufywAbeWmJU5K6jmCqilsltA2eVNMSfBKbHF1yaeQcY+lPmbC8KstjlUY7SS06XmtC"
    "cCTcXdSdPLwcbpZHP35OZZuhCis9fxMiyF6xW5B0vhA/0lCjZgHsmgZIs4r50w8QXvoel4"
    "znCuPkEjnf7nOMFcJ130Bw3l2sl01lHR0tBtRJTVgPcfrwnMaMlB9SyTGl4Pn5jr8XuOtz"
    "H8j3PiB27oBlsR3vp4RitZleQ8qpIkOZk3CCJJWcHgnYPk/ES+lbxwR4gqiPT+C7axXagA"
    "wN7wCkJ7kEU8o89HJtsEBPppOsoxsgqivf+FTJVN+r5C/SXroIyQVSnS4dj9WqR34wfxbi"
    "R029OU3+g79lT/fo8sC/IFn9AJogMy9QGdD50sQ2M3Vq9+WtLV+HTL6zVTFQl4xAB9p2Ta"
    "itWcZrd4uweKJSQWa/cBFpBl1rFy1LYOxlR/HY7p8wzNcYfP0GvcW3m4J42JizX/m1XtBw"
    "ab11qwCtUXbNUCnWq8vGi2rZuIV82u8wYpbnMTc+VSvGD0ein7mJR/v5blSuT+HYk5512L"
    "khzPCDkPKCohlR47DNpECjawOAQvHfQoVZmBZ261JXxjIQPylwGIvCCNquVg/RvABT2L/m"
    "KBO2TZmHB1/WqkB424LhMH4J7mPDHrLWf6L6QIttes/I6ApMxML+3XtsQia12TLhBzJUbc"
    "p4gHX6xsN7i4OoA3vYZEAeAU72an1xj8Jka8KWhg1Pxt1G6Up3FhQ7HxC/qqO2ZNoA+E7m"
    "YqA6Gig5CTTBY+zUal4KtDX47X7bEAFb/dUj0WMJAJ2CRAd3sBMoGCNQsEmq5ADahwBS7e"
    "vrm+cWXoyN63lxmF7oloOUr+G6U74ixkdX89RvEfLqGmpXLAp6mSievm+tPHAHj2RxbUw/"
    "tGtyvIknoRC2Pp6VEvKXLY+ba2lXXGS4tuRiCJLCdcqXLCrQUkBGkDZBn0d1Cxg6R0XhYP"
    "zBRpFJdkYiZpNoo0ngHVcvva2TqAnrDBbIA6QcCbvM7Fk4X+CuhPXHlyyTIknHAhJpmMsf"
    "cHjIluumISVRUvllBZYDqJK0Gh74rmqEi9/Ak8ITKnj2VZbE+sIzObR0UKXHEFk92iwpbu"
    "EDuvBOW9phSizkOIsoS5uulHFBL6YuWhX/M+liIi1JpCwhmHU4OWPfEQ2sIaLyCXke2ljm"
    "z3zuZiYe0RIiktS11E6iLlAHrPuohgp9gDwq31TBWFN7pBlknPG+kGVhqzGSbYXtUE+l10"
    "QD2z5zobOoHhsduaqKk6FYrtt3zdiz8BXECvJTkvkGeBJV1w+W3VW06dQ+XiU0iF60wULo"
    "WyVrB5aTpMO4p9ihgLZozkYHrC1aE0hQxE7/qPzW4bPAzarc6w0+9FxVR+k11aZ0AP2o1u"
    "XOBhaG1Vzz9MWMH4nSppC3xzLSDNBuOlop2IWOanUxGlKyCQYEpt66i1d7mcVwjYMInEVG"
    "qwpdBgXXl9d3xH/jwVhTb88ZZJd20gEyuLmii4yr1TzyxkuB4j25ye07ZZz9DqXpBpFUzS"
    "DZFUIqo1lkf64UOePNIPH9LzSNm9qADAPqoCCHvDK4juQfpE0CfaQm/w34b9XoousCaJa8"
    "xYscH/8XSqM0Q7A1wGRkRNTkRox4Ox61H9l03QPHW08J//D3uWTzs="
)
