from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "engagement_first" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "delivery_id" BIGINT NOT NULL,
    "kind" VARCHAR(24) NOT NULL,
    CONSTRAINT "uid_engagement__deliver_046ea2" UNIQUE ("delivery_id", "kind")
);
COMMENT ON TABLE "engagement_first" IS 'The first event of a kind per delivery: inserting here tells a unique open or';
        CREATE TABLE IF NOT EXISTS "metric_rollup" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "granularity" VARCHAR(8) NOT NULL,
    "bucket" TIMESTAMPTZ NOT NULL,
    "publication_id" INT NOT NULL,
    "channel_id" INT NOT NULL,
    "sent" BIGINT NOT NULL,
    "delivered" BIGINT NOT NULL,
    "failed" BIGINT NOT NULL,
    "opens" BIGINT NOT NULL,
    "unique_opens" BIGINT NOT NULL,
    "machine_opens" BIGINT NOT NULL,
    "unique_machine_opens" BIGINT NOT NULL,
    "clicks" BIGINT NOT NULL,
    "unique_clicks" BIGINT NOT NULL,
    "machine_clicks" BIGINT NOT NULL,
    "bounces" BIGINT NOT NULL,
    "soft_bounces" BIGINT NOT NULL,
    "complaints" BIGINT NOT NULL,
    "unsubscribes" BIGINT NOT NULL,
    CONSTRAINT "uid_metric_roll_granula_3af828" UNIQUE ("granularity", "publication_id", "bucket", "channel_id")
);
CREATE INDEX IF NOT EXISTS "idx_metric_roll_granula_f4be5a" ON "metric_rollup" ("granularity", "bucket");
COMMENT ON COLUMN "metric_rollup"."granularity" IS 'MINUTE: minute\nHOUR: hour\nDAY: day';
COMMENT ON TABLE "metric_rollup" IS 'Counters per (granularity, bucket start, publication, channel).';
        CREATE TABLE IF NOT EXISTS "suppressed_address" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "email" VARCHAR(320) NOT NULL UNIQUE,
    "reason" VARCHAR(32) NOT NULL,
    "detail" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "suppressed_address" IS 'Addresses we must not mail again (hard bounce, complaint): protects the sender''s';
        CREATE TABLE IF NOT EXISTS "tracked_link" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "publication_id" INT NOT NULL,
    "url_hash" VARCHAR(64) NOT NULL,
    "url" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_tracked_lin_publica_7a2fe2" UNIQUE ("publication_id", "url_hash")
);
COMMENT ON TABLE "tracked_link" IS 'A link as it was at send time. Click tokens carry this row''s id, never the URL, so';
        ALTER TABLE "engagement_event" ADD "url" TEXT;
        ALTER TABLE "engagement_event" ADD "channel_id" INT;
        ALTER TABLE "engagement_event" ADD "dedupe_key" VARCHAR(200) UNIQUE;
        ALTER TABLE "engagement_event" ALTER COLUMN "publication_id" DROP NOT NULL;
        ALTER TABLE "engagement_event" ALTER COLUMN "delivery_id" DROP NOT NULL;
        COMMENT ON COLUMN "engagement_event"."type" IS 'DELIVERY: delivery\nDELIVERY_DELAY: delivery_delay\nOPEN: open\nCLICK: click\nBOUNCE: bounce\nSOFT_BOUNCE: soft_bounce\nCOMPLAINT: complaint\nUNSUBSCRIBE: unsubscribe';
        CREATE INDEX IF NOT EXISTS "idx_engagement__subscri_7bf77c" ON "engagement_event" ("subscriber_id", "occurred_at");
        ALTER TABLE "engagement_event" DROP CONSTRAINT IF EXISTS "ck_event_type";
        ALTER TABLE "engagement_event" ADD CONSTRAINT "ck_event_type" CHECK (type IN ('delivery','delivery_delay','open','click','bounce','soft_bounce','complaint','unsubscribe'));"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DELETE FROM "engagement_event" WHERE type IN ('delivery_delay', 'soft_bounce') OR delivery_id IS NULL OR publication_id IS NULL;
        ALTER TABLE "engagement_event" DROP CONSTRAINT IF EXISTS "ck_event_type";
        ALTER TABLE "engagement_event" ADD CONSTRAINT "ck_event_type" CHECK (type IN ('delivery','open','click','bounce','complaint','unsubscribe'));
        DROP INDEX IF EXISTS "uid_engagement__dedupe__1c1fc2";
        DROP INDEX IF EXISTS "idx_engagement__subscri_7bf77c";
        ALTER TABLE "engagement_event" DROP COLUMN "url";
        ALTER TABLE "engagement_event" DROP COLUMN "channel_id";
        ALTER TABLE "engagement_event" DROP COLUMN "dedupe_key";
        ALTER TABLE "engagement_event" ALTER COLUMN "publication_id" SET NOT NULL;
        ALTER TABLE "engagement_event" ALTER COLUMN "delivery_id" SET NOT NULL;
        COMMENT ON COLUMN "engagement_event"."type" IS 'DELIVERY: delivery\nOPEN: open\nCLICK: click\nBOUNCE: bounce\nCOMPLAINT: complaint\nUNSUBSCRIBE: unsubscribe';
        DROP TABLE IF EXISTS "engagement_first";
        DROP TABLE IF EXISTS "metric_rollup";
        DROP TABLE IF EXISTS "suppressed_address";
        DROP TABLE IF EXISTS "tracked_link";"""


MODELS_STATE = (
    "eJztXVtz2ziW/iso7cMkVUo2seMk497aKllWOpqWJa8kp6cnmmIoEpY4pkA2CMatne3/vg"
    "B4J0GK1JVi8JJYIA5IfgcEzg3n/Lu1snRoOq87rm6QgbXoIYLXrWvw7xZSV5D+Ie7QBi3V"
    "tqPLrIGoc5NTqKyrYloL3m3uEKxqhF54VE0H0iYdOho2bGJYiHXv2DZE+isLmWuAoWZhHV"
    "iPAH6HeA0cohL4SluqaGGgBaDjUKI2eLQwUPWVgRygIh0YSDN0iAgl/27AZ+c1u7FuafTO"
    "lOqA93CR8bsLFWItIFlCTO/09Z+02UA6/AM67OdXCgumVxWytqGHEv9p6C3a82vL0jQXY6"
    "grKmn9k9HaT8qjAU09wQPam17i7d5AtO3GWPQR+cT7stedK5pluisU9bfXZGmhkMBAhLUu"
    "IIKYvjG7A8EuYwhyTdNnXsAj782iLt4rxWh0+Ki6JmMro/YeIGprKcpwNFUmvamitDIsDy"
    "hiHPKbNAux6UIf1eEALNgjvPrrxcXl5YeLN5fvP169+/Dh6uObj7Qvf97spQ9/eg8ToeUN"
    "xTHr/9wfTtkDWXROerOVNfzJaVSielSccxH6dEZYWOG/MlzoLlUs5kGSKsUL+pJpXgTIFz"
    "EjaIi4EX1TIfTO2iFw1ToUS1bqH4oJ0YIs6c+LN28K4P7SGXc/d8YvaK+XSdCH/qUL7xrD"
    "P4E3e6hqWPsUx8P5kNM+gfHbUhi/LcD4bRbj1KpUFugUWQPRvioD9lU+1ld5UIvW8I1ACx"
    "fyJsD8/l0JmN+/y4WZXUrCrEOiGp4kkgT5b5PRUAxyjCQFsW5oBPwfMA0ns2fubZ3+r0cX"
    "8XULzF3DJFTQeM1u+9+HWrkLAGcQsZFXjvO7GQf6xV3n72kedAejGw6Z5ZAF5qPwAW5SDM"
    "GQguFUnfhJqq1mvi+h/CgTPy5CZoC+pTARYwXFYKdI0x+BT/s6+OMcVx0MVX1ExX5/XhSA"
    "P+3f9SbTzt194ku47Ux77MoFb12nWl+8TzEqHAT82p9+Buwn+Mdo2Et/MGG/6T9a7JlUl1"
    "gKsp4VVY8J2UFrgFpaTKICpujrytUL4iSbtYMz+LQ8/eDi7bsP7z5evn8XqgVhS5E24En+"
    "TOl6fMoX/LPwfrIwNBboF7jmKPfpI6lIEwlEvu58j5n2aKvm+SH8ZzCFgtboEbH6HKqqiZ"
    "lFAaCvDQmHgD4AGD4MBi0O9FzVnp5VrCsJxNkV68JKtYR9s5dWF6t0i4rUBYeHvQd76gz2"
    "AqNGgjH5Bg070W2zQQPYEDt0X7cwcCD+bmgQkKVKwNKiTwyI9QSR8xP4xh7mGzBoyxKCv/"
    "06Bd8cd/5NYLzYfbzNhopKtocfxfCw08LSLjApaHRbIltt2UlKuWOf047t2vqWXE9SSq7X"
    "hesBRjG2+08fcb2q4XC/JsPTLqOHNxbqhmOb6rqyeTZNd0QD7RmbZuFKNcwqMIcEzdPkLy"
    "/KAEx75QLMr6WMJpaZM417yF1l9I2k6cSnPeJUZq4wiCtO6Fbn9q4/vPa8azPUu+1PR+Nr"
    "AHWD6hAzNO596fd+7dEWz9UGaVvQErtfVSv6+zJG9PQ2EbOhv0+zynAU5nf4LuDXjUVZoa"
    "IcGTlOl+LVnBIeilnBwn9c0+LNaDRIbNQ3/ZQDbvhwd9Oj2HPoaSeDxPxyGe08X4uM6e3c"
    "AQ0RfWgoMAjf+OSffhlDU83xHOW5vc9rxcpT35OGJNvG1ncqXdru3DQ0jsiOsN1HIzUUNI"
    "lVhQlmQkx2/RDZGA3C55A2LyouIASFFq/gUrvI3qXFOm20dg0t9MqBGoYEOJAQCoYDTLq7"
    "AQOBb/S9H43Ft598I1UbPMG1F0/DG17NocrgAw/jAW3GkF63ScYAtv9bzBAPBVIdoBn2ks"
    "4s+Afho3m3UaLWb+CFAyHQLSrIotcaXtvEegkcC6iAWXfmqkMvuit7hnQLOgBZBNCt/4nZ"
    "4FbS9CZNb9III01vkuvS9NZA01t+8NhmW8U5RJC1ened/uAacBvWDE0Gne4v18AxqYw2Q7"
    "f9SXc0vr0GuuGweOIZ+rV383k0oj2e4XxpWbTPeDK5Bthx6mGv8ASlLMPy46MiChkelVjx"
    "9hEelZE0s5yZ0lYxZ4TETTCxFm0+vb9Pi7kQ7j2D0fDnoHuaNSkuEJW4AtW03CoWUR/R5h"
    "oZDyvZXLvT/pfeNfCoZ+i+8zDp0eXLVl0H6nw969wMet6Cxp5Pr8eq5UGsUBnFEcWEF3wi"
    "aUL5eVT/PBgyimmsDKLYECt02bGQQCn9ZFpqDhtyR0ix45EN0SiG3I4e6AcF7se9bn/S93"
    "eQUDrmF5MW73GvM8jHf+5iR7BH5NoDRKQy5i+wD0QQz7GK9GphlHESCenGMEoOl2DRqBpG"
    "eROMc17olg2hjM+qyiGUMccEho8QQ4rkjhb3iTtn7zuH+D4csj7K2X49FPSFqVS0u7vw1h"
    "unjKfwbHDa0VNR1mV2p6L11GL/lo2qruQ3q5d1pmBN4G+npAOVk++K2USEetjLd9h4qFqY"
    "8+UJrlOg+2tLyDm/h0/sXyVLbLmLZZo05hJKrE3dzqTbueWCjJL2MvxZ6KSKlpeWwE8Vu9"
    "ouclU5yX4bvVVjqNJXocRgvvYMO8xV9J8WZr9VBKg6ATFSTWDo4AU7Aq6xQGvmTfKtOoAF"
    "F/DV9WU2Unvvo0vnkXQencn+caZuBOk8+hG5XsZ5dOJY1xp5jw4S6RrshRXPB6fImgb1QR"
    "x1p3WDNj0mXiX0EeYuEemO+b61JJX0r+3dv8Y21P+1ULX0JjGaI07+h2n3OPN//8kHTEtT"
    "804siDGOKI6IMETHAfhQ/q8f0EH5MJw83Ey64/4Nc0q6KNT09Rm6GT0Mu6x5btFFjLV0R3"
    "f3g05/yBo1a2WblEF1cWGy20FElAV9L7SN6iig34MqUU8z+RlqDlmFMeDYs0GWOlafd+F6"
    "egzJ+bpxfqszStJNcx5umnp+K8UwQbpP7HrepocW6gKu6EA9NlpDkVIdx1ig1e5wdcKBmv"
    "TtHfKQknDdKvQEJde3Mj4hxU6SbHQPjRAE2HpmCXfAi2icNiCWbWht4LvBXl6DJe1lPRKI"
    "2p7/ZgkRP/xDLBZAR1w8z7qH9j66wD30NeUS40OzPwIP3j9TDqSvXhffnpZ0Bj7ybHxIW8"
    "vcxDXNTSwdUvkMOk/XhHRI/YhcL+OQilbjDNPLWYMSAxzRIGSsVlA36KhVbUL9u7vebZ9C"
    "fw3CMWbottMf/HYNdNUw1+zYTe8X9vMZwif2e9j7wjKFIJbcvx72n99dAxJlabnYUShnsO"
    "ikR+4HKyTO+24bqf8nvkPhNxiB//Gl6Ltjn1wuR6AoNrUcP6Awkl1yoyI3UjJnuYilJNFW"
    "Udi127r2HNke04MqQZuhk+gK0I1rTSWBjZNITDcfHEhqsjueHkhGlJ4Z0GXPEGQ+XWGwbn"
    "Ye7wHfaTBOQ6GNf7ybUY3FS++IayxjT0ORTW7lYmzzXSqHtVHaNpVcHO/FBabJ6HK72CKZ"
    "7Lg5hbius/7QoWoNWLkO8fQZ4ECe1wioC4oneEG1Pt33gbdDtzdpA/pCrmoKAtT3OK4MTa"
    "9XaLrqsVZsG8iJQYtIGpfx5DDZWXNOoReVs9np+HndlvQ0xqUgLkC4dBGn/HP++UWczjFe"
    "9dgH/KX/IH+un6clOc9/UCFK5ZAilacmCISpUH/IF6NCVWWjAJXPZCm21EtskQvQj7IASQ"
    "dmk7lexoHpmK4g/1y+8Bz0b5xycpCSvvU/5XXep+jiT5aBuUg/SZBJHaWUjiJjqmsc1ylT"
    "uhw+pQvXdbZL6BL3VOSkcwk1qT0lc/FScwm0ujBnV75WF6YHKxeea7I0KS/Ybdr074XFDN"
    "QmC8dog0fLIiycllmz+f+WZqgmMA305LwEDt0Joc4zs7DYfxBz0WSidPd9kxniBTsdCrVG"
    "HGCQn4AKYgwBK3UNKEue6CUHWM9ImtilrnpOW82Zai1SV/0RuV5GV5WlAw6pS7E9VXFxpf"
    "Q6cZom5HLOwFwS50KgM0jb2FipeM1wFNWyz4c7Q3hEzfU/3qofLuHHQymwB8/ZwJNcb4W6"
    "gPSYuF+8uXh78e5ccfdE8yrGmYhC2mWq107gGlDlysspsgYAf4QN0wetck66NF3zNs6DBP"
    "p4Sr3Clfos3PlZvdJ0Mq9X8apTMq/XVtbgRFLkrU3B5cNva/aVlMp/IKvYni4BwhSyuFpu"
    "ec0GwwTX2oXxMPFeG42n0yUEhg4RMcgaWI9ABQH9T9zqyGugsrwoDquEGjzBF4hZ2DKreM"
    "pNmAmzZcZ2eoB7zNAThLYDMN/JWCVXlhGJ1VcF3306g4Bn1QFBHWveIT8/QiB4BGHnfCK3"
    "uZ19pZJMfgRpYpUm1losUmdqbJMm1h+R6/U3sZ6ar4fXGTMbXAbnzSkj0mPUGfuG1Wv15Z"
    "EtGRdRH9HAsiQrs6Ke2fo8vaM8Y5QzxOxO11xI3Mw+phteg385WSn0NOzSXIxZvk5fKK0g"
    "Gwooj3c6/G2tBcUI3u8qNth7VjLHJIjqYYth9ztrW0zCfKDyiVtJE0rQyOqJG5MgeHhlAa"
    "5+QD9mLTgvhMseJE9MrURk25jKquN+d1quhKK2NEwdQ8EaXsUi1jy8kwuyt1vtaDZMmYDq"
    "I0yeh+0wgK3AhBhDdrMlMS6D7PeQ3deEtTK4jTS2ndLYVl1UPYmIWnuE435DF2sCZbugTH"
    "1IUWfVurYxCFItqKFaII34+QvOeZpzyxjxQxmiWk68JJXcVTZrhHFB6ng6Yd1ALqsUpiZY"
    "ndKLxWMmBBJ8KqQiX3pPeeQPmh3ja7ymGLuvs1QCr7mU3KWb/OTrQoN3WOkmbxrXy7jJiU"
    "HMilVMfYJGaJSpaN9SjvLLAkf5pSC42l2xoy6V1PaIpAEB7MfW2ueWXgntoL+EujLUNjYs"
    "bJCta4bE6Y8IP2LhC5VjCYaj8V1nQKHn1DP0uf/z52uwNBbLGeqO+9N+l12lFISKy5mT/y"
    "c6LHZ+BX51rD6Sqry5HXc+Ta8Bp52h/lAZ9770e79eAwMpGH434PMMde7vx6MvrIZvEMs7"
    "Q5Pu597tw4A1OtoS6q7JWu8fbgb9yef+8Odr4KshlIlhO+vtN7Penzp9PsCjanDqbmfY7f"
    "EWjaFK2+oxF2IKVUUBL0kpa8TWR57LivGOO18ZZDtBPk0rOV1nTger2BaMTpFKPteZz+FW"
    "s/3KLTl9FpxWXd1g2eCoyOJY5pafds4YkvN15nwgKW5jc02SSj7Xmc9MR3Ax+zjFtR4Kkk"
    "lkKJtw2v7YBgtPF6TsETk488FPkUnkqyMfekq1pWUIc6jmh9SIaOsRWXP2yQ+ELNoq7klM"
    "Ldl0ODbZhihAugSHAsKdmHM+69lBuBCq0PN1tZikLKE8p5KNdaVS1NKqWFo2QSNBzYLKky"
    "FXwzROIiHdGD3nTcEsvpVj5+7pW2iGrTYoN1A7FTuX+FwTkXP0CcDwYTBo5a24EuBSAGd2"
    "mhIohwnTd8Q3zM3eTGzj62IOqmUOA1I64zvExq41JW69cdaHEqpPgHhiVsLvkHXfCaMeWq"
    "gLuKID9b7Dc9y7yiH1h03n02oPcIUDNWlSVYq4ju09JsQCy2yA5wjBqUX/2YxqJxioIVMv"
    "G5SeKv6+j8otW1d/P6uaLeFbpqu1ZPIoJmu2xCuypKu1ZOu57KVmi8CBkZsPszK3d6hJf1"
    "b8jr1nRY4na9pvzfNYjZoKXC88dBLKIYITJ3EZJf+4iR7vddizJlmg/IA32jN+EgXBP4ii"
    "EmY+I/w4CrvMRGuDZT9eQcehYLARqp1TuTEWP8pRlb9eXFxefrh4c/n+49W7Dx+uPr4J9e"
    "7spSIF/Kb/M9PB23GTnTzQsguDzvNogzzQ8iNyvcyBFromr2yLQKSt+YaYYX3+0RYBqSy4"
    "UyYXJIaaYRvCRFL5aCeIGniY6FA1d84wpN+GSGfAVcO9dd8b3nox+B79DP3PQ++BBdbTe7"
    "s8fD/o4QQ9aMuU/yQzdNsb9L/0xozAlypF4fq3vQ7voLLxHu7vx73JhJ8HcG2bLksOv88v"
    "/ft73vhk2HZdAvpNFW2dejWgPeIsmLvmU9UpcPMw+OUaMMoZ6gx6Y8rb0BRTlQEfS+D/MR"
    "f+j2n0fYVA8CVOVqpp5nspY3THS0jx5rAC/uXFh/ehSM9+FAnxk7vOYJD1TqbVrIpCm4Bc"
    "xkLWR1DLyuem6hAFYizyl+aH4iWpZCRe9Ug8Dp6yNBxiiY4l58cPZQjrEdzVqOxWIrNSBa"
    "E6h7wJn0lKur4qI07RXvmy9ZWgtCLaZueJkckdp847TqgFbMHkNK3kdJ05nfSQlIx1SxLJ"
    "ZHGCCMKsy6QktllCia8oxas7Z88xhxVDXzN0MlYzp8pD1YoCSSIJ6+aSAsl8gbuGaVaq/F"
    "i35aFsNGF2dRRnkhRscXvAeIeAizPBN7mzb8Y2Wk73AO8kMdh5rRVlAc7sPyUijf2VdQ8I"
    "f4lGaia8yU1oh3hjGUd7qqIaadQEAVICYPPjpGDYWYFh741ler/FdppvQEU6+BatjbQBQ6"
    "BZtgF18IitFa+DGwRk8QK6VLEFDo9XBwjSXshKe2IOcIsZ+pdloNfgmw5114bMN/8NvICv"
    "F6/p8GAynADf2gUM/SVYqU+UVAUY2qa65gMQ49F/INqOrFeWnVfAt0SMmKXxkmp6GAkWPH"
    "0QbMe+Fi+CLLMoxkllrFg9Y8VOZDmo2Rq5b92Lg5EBtJyvOqCtc5BIyw82+C2MNViHAQi/"
    "KfSPTuwK275Ven103xteA8uGaIa6gz6rSKnR1eZphm5GD8Nu7xrMLZciMkOT0aepEjQ61i"
    "NRgivd0d39oNNnUQ+axc53Gyz04WE4ebiZdMf9G9rfReFKtI3ffP+BC/F1MDMnis2wKdIG"
    "xuY1yQxrOMpK1ZaGKE7lxrJMqKKcPS1BmOLynFIeirFhy3E5ezMaDRJMvemnPbkPdzc9+p"
    "1xbtJOBklsaLGwVyywCeT70/3uTfAQHtuRHomjVVy0Saq94N70+NIVJCoT2LIw5wcrxGnq"
    "EafQqCQ0GGrQ2C5DYYq0gVv4mYbXlzlUkVJ2y2upKcIG6UhHUVjr44KtJxOkB7au4Ba4Cu"
    "NnPXd0AVRIgFEzjMv6AFIL6GYn1ikdsWeK8TZ+WOkrPJCvMN+fdUg/zScDOyTyxLQEfpp0"
    "l3ZJP80joyvnp5kuIeDdAXfuAOsRqOCJMhbYEId2RFbexIGYahcLsIQYAgJNk/k+vCnBLY"
    "vAC5RPuGj2OvoMcZul583hbheoEkrKPTuOyrw5hM5hhgBtopeo/G9h3QEGyfPCZHwq7Nl2"
    "K+cuHSjHcqCcVEOonSZ4EhWBfy4Z7PNNUkH/OjtYtrVHvStjjnqXb41691Ikw55mb7qD9N"
    "W1sWWari3amBLXC3elFe+p4Kjrxi2pa7mIQOzwPeLFAqv04VRWvK0N5q72BAlb5zFpg5gQ"
    "1Qa+Z/Tl68wmtIfxhFtHbCQ+pzMinTc6+yvmtk1vLplxfCrptq/nrpPi1jZu5vTEqfFi2L"
    "rrDx+mvWuwMpBL4Ax9Hj2Mr8HScqk4dstdzep6G1/vns9IR59aFQNxRNVA2/CZ2IJLuXdP"
    "bYqsG2/3bYuUp5gOZOMVpqop2qwdcZ6a803YcGSNJDw9uZVKCI88lZuFvZfophrwEY1EfT"
    "vUmXVMFGhfAHpIIjHfDnNfH9wC+jSl5MB2HPCD9rZhQYZU8mCnr2AHVuSNIDmyHUe4g6Qi"
    "DyIaifpO38E24GdIJQ922w+2YUKWVnJhOy54Z0Uqwh8jkrhvh3vsoE5F8NOUkgNb7rzBka"
    "iqu2+CTqK/7Q4cxvpU3oCTlJID5TlQE2f1JMyf3NF19kdL4LHOdmoXua2jnMzMTRH23+i7"
    "9geHDniGYOU6hB0KByvVMIG6oCwCL5b0ff3Tlu3oIOXLa2Bji0CNOF44E6QzB//FyTiz93"
    "2DGcLQdol3Zp0FaQHj0esQBs8BwwEYvjJWtoXpJ1DyRLt0X9fSfQ3ZVBE7rsXwhwSNq1Bw"
    "eVHmBBntleuG5tfSx5VURxQGXVSeIKCocyDA1hiXgrgA4TTAOiTCGZx/QC+ikMfzEg7/fR"
    "zPkxWP8r+EZh3Oq4m0N6Xv+wT1gYGeRHJe/HKhhEe8jooZ9Nws2wHWF6gsoBw80/9UwsUo"
    "nknoNejy4HRiPUHkAE3FeE3lKCY6Wc9/oSR6GyAqX2EuXD2MB23gZFMa7f8WM8R+YKgbmM"
    "p+YGFRydGicxI880j7Zy4JEmBDyzYheIEsL9o+IHj5GoytZ8cfl0V8LGB7hp6XhrYEJvSF"
    "SS8unz6nbdHJT59Mo430wio/eDIbmONiU1mqzlKG35+HJCljsg4bOxR+DxVkyThNA6XJ92"
    "Vi7N/nx9i/f5eWJo+Yw6Ru0B47iYmUFKWkeFRJseM4xgLlna2MXS2UE9Vkv70WCv7agn/Y"
    "EBvB6LETvlIIOgshyJsdW61qKVK5rNV9WUuUtgq/22qyb4ZOir61S43SdHRPVZ2iibgW5J"
    "xJbu1JmCun6+glBjszoMvm68gsjptzopwitf+5wluQ279m+WbOFeHihDMhyKdRh2JLiKgk"
    "QGKBKcgyk+y3V3VoF5XnR9F3dpQCCtLRS/PMD6jHuLa+JdeTlJLrdeF6gFGM7f7Txwqgq6"
    "ucGgliXgf9G2H3Pk4aaWxoYoQ3pweJqI+HNz8SqrBRW9Vgb7HSEsq4w3KEhGP4RSb8Zu4d"
    "jsY+eVEIliXOFYQJl+NORH1E7uhYfSRVOXM77nyaXgNOO0Pjh+GwP/z5GmAXIQq/X9CjN+"
    "3d+gU9qJiq09bOsNsb8Eb2/v7h7FpwDW+3UyUpZTnl+mxMArsqhXAbHsfpJIfrzGEZNiKL"
    "5NbcjFM2OXO+HSftIFztXgwz6a9uCPIiW+6OODXPjnvQaqEBXAKTYAzJfHtgzAB/2NgI/n"
    "A7RUVIE+GOJkJpNoj0m1Jmg7cFZoO3WbPBM92MlwLRN3fiRgTHE4Xe1nryxuqAGsSsNFtD"
    "giZUqEudwio1Wy8LZutldrY67mqlikqq5IfPxkiaAPKxI2jnll4J7qC/xLo61oajPBsIiX"
    "zfm+qJRnSynGiFcqIypE4GJ9VI62pvF5xUxibgJ5s1hLlKKqi6zStFllgQpOmkEKqDHp0w"
    "IRafmuAX2oUHJsIuhwwO+hpzxMUCUKpVzZAWgR0tAmfoSrUh0hlk1RBv3feGt9x96tPP0C"
    "RocYKW296g/6U3Zr7TMJ/4DN13xtN+ZzD4TfnU6XPHqq1iYqimuVa87NczFFyJsmGfpvyQ"
    "PK9XDvrzDA0qV3ZZ1U2WDLM621OkDeT7mfC5lB825NbKYGnOKqq5Amqp7FZQdnlRTCXcJb"
    "b42sQjyNiHOn9zYZjVNptqilZyutac9kWgubg6aX462DSdLO6eXTxrF0J09jpegaUwmpF7"
    "sBTe0zfRDFstIxnUbBKXtRNmvuA9FB0vGc41QnBq0X+OE8x10kl/0FCunUxnfR2ubItApK"
    "3HvP54S2BGy3ZqF5nUjKi7gqP+e463sYOPUwkCNyybzQh/fjzBtcxKch5ZSbKcLBsEkaVs"
    "YPDOQc78JL6VsnAniBqI9P4TtrFVqALAfvcGQnuQSfxI7w8xWwQE+mk+yimyBqK9/4lMlU"
    "36vEL9pWijTJA1KdLh2PVapHfjB/FuZHTb06Tf6EBsaMuWyKfuXSnUANSoj0y5ceSV6WDe"
    "8+8QOxUFxhhJA3fZi6urMjLN1VW+TMOuJVd69lFVQNjv3kB0D3Jmgd6RCKMI8+txxEiOX5"
    "DjNP6LvZXeOOlm9uf/A11nhEg="
)
