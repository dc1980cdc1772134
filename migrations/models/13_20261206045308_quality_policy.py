from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "quality_check_run" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "trigger" VARCHAR(16) NOT NULL,
    "quality" DOUBLE PRECISION,
    "results" JSONB NOT NULL,
    "overridden" BOOL NOT NULL,
    "override_note" TEXT,
    "actor_name" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "publication_id" INT NOT NULL REFERENCES "publication" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_quality_che_publica_6457c1" ON "quality_check_run" ("publication_id", "id");
CREATE INDEX IF NOT EXISTS "idx_quality_che_created_0bff56" ON "quality_check_run" ("created_at");
COMMENT ON COLUMN "quality_check_run"."trigger" IS 'SUBMIT: submit\nOVERRIDE: override\nALERT: alert';
COMMENT ON TABLE "quality_check_run" IS 'The checks a publication passed into review (or out as an alert) with, and the';
        CREATE TABLE IF NOT EXISTS "quality_policy" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "priority" VARCHAR(16),
    "min_score" DOUBLE PRECISION,
    "rules" JSONB NOT NULL,
    "topic_id" INT REFERENCES "topic" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "quality_policy"."priority" IS 'NORMAL: normal\nHIGH: high\nCRITICAL: critical';
COMMENT ON TABLE "quality_policy" IS 'One scope: a topic, a priority, or neither (the default). `rules` maps a check';
        -- one policy per scope: a topic, a priority, or the default (neither)
        ALTER TABLE "quality_policy" ADD CONSTRAINT "quality_policy_one_scope"
            CHECK ("topic_id" IS NULL OR "priority" IS NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS "uq_quality_policy_topic" ON "quality_policy" ("topic_id")
            WHERE "topic_id" IS NOT NULL;
        CREATE UNIQUE INDEX IF NOT EXISTS "uq_quality_policy_priority" ON "quality_policy" ("priority")
            WHERE "priority" IS NOT NULL;
        CREATE UNIQUE INDEX IF NOT EXISTS "uq_quality_policy_default" ON "quality_policy" ((true))
            WHERE "topic_id" IS NULL AND "priority" IS NULL;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "quality_policy";
        DROP TABLE IF EXISTS "quality_check_run";"""


MODELS_STATE = (
    "eJztXemT2jq2/1dUvA/TXUX6Jp11Oq9eFdAkYS4NPUDnzp0wRQtbgKZtyddLOrx5939/kr"
    "zgFWxW4+hL0tg6sv07Ws6mc/5T06mKNOuq4ajY7tJ5m9jmsnYD/lMjUEfsj/QGdVCDhrG6"
    "zS/YcKoJCsibTjQ6F82mlm1CxWY3ZlCzELukIksxsWFjSnjzhmEgor6gRFsCEynUVAGdAf"
    "QdmUtg2dBGL5QFJHNM5oD1w4jqYEZNAFUdEwtAogJMFKwiYjPy7xg9W1f8wSpV2JMZ1QGf"
    "4RD8h4MmNp0je4FM9qRv/2KXMVHRD2Txn98YLCa7O7GXBnJREj+xWmMtv9WoojimidQJtG"
    "v/4rTG02SGkaZGeMBas1viutsRu9bE8w6xP4m2/HOnE4Vqjk5W7Y2lvaAkIMDE5lfniCCT"
    "fTF/gm06nCHE0TSPeT6P3C9bNXE/KUSjohl0NM5WTu2+wOpabTLp9UeTYXs0mdQSLPcpQh"
    "zyLimU8OHCXtUSAMz5K7z46/X169fvr1++fvfh7Zv3799+ePmBtRXvm7z1/k/3ZVZouV0J"
    "zDqfO70RfyHKxqQ7WvmFPwUNtKFLJTi3Qp+NCGpOxK8EF1oLaKbzIEoV4wX7yDgvfOTXMc"
    "O/sOLGak4F0FtLy0Z67VAs0eGPiYbI3F6wn9cvX66B+2tj0PrSGFywVpdR0HverWv3Hsc/"
    "gjd/qWJYexTHw/mQwz6C8atcGL9ag/GrJMaxVSkv0DGyCqL9Ng/Yb7OxfpsFddoavhHo1I"
    "W8CjC/e5MD5ndvMmHmt6Iwq8iG2JVEoiD/bdjvpYMcIolBrGLFBv8HNGwl9sy9rdP/PXOI"
    "WLfA1MGazQSNK/7Y/znUyr0GcA4R71m3rD+0MNAXd41/xHnQ6vabAjJq2XNT9CI6aMYYYi"
    "IGhlV04Eepthr5noTyswz8sAiZAPqWwWRjHaWDHSONTwKP9sr/4xxXHRNBtc/Efm9crAF/"
    "1LlrD0eNu/vITLhtjNr8zrW4uoxdvXgXY1TQCfitM/oC+E/wz36vHZ8wQbvRP2v8naBj0w"
    "mhzxOohoRs/6qPWlxMYgJm2uzK1AvCJJu1gzOYWq5+cP3qzfs3H16/exOoBcGVddqAK/lz"
    "pWv2lC34J+H9RE2E5+RXtBQod9grQaKkCUSe7nxvcu3RgNr5IfynP4T8q6tXNOFzoKpGRh"
    "YDgH02sgUE7AVA76HbrQmgp1B5eoamOokgzu/Qaxq7ErRN3tKv9fgVSOBcwMO/g791AvsU"
    "o0aEMdkGDSPSbLNBAxjItNi+Tk1gIfM7VhCwF9AGC8reGNj0CRHrI3jkL/MIMLuyQOBvv4"
    "3Ao+VMH1OMF7v3t9lQUcj28LMYHnZaWOprTAoK25bsrbbsKKXcsc9px3YMdUuuRykl18vC"
    "dR+jENu9t19xvajhcL8mw9Muo4c3FqrYMjS4LGyejdMd0UB7xqZZpEOsFYE5IKieJv/6Og"
    "/ArFUmwOJezGhCtYxh3CaOntA3oqYTj/aIQ5m7wpBZcEDXGrd3nd6N610bk/ZtZ9Qf3ACk"
    "YqZDjMmg/bXT/q3NrriuNsSu+VdCzytqRX+Xx4ge3yZCNvR3cVZha8L9Dt9T+NWkjBWQZM"
    "jIYboYr6aM8FDM8hf+45oWm/1+N7JRNzsxB1zv4a7ZZtgL6FkjbEf8ciFDulB0Jt+hhpkk"
    "NLNRim6+XoxK72EP4tRxFirv/ZmKZzlIBUwDZBrhFM2oyRVCpvjpVOcuash+m2jmWEhNKJ"
    "PRLi6Emoih/XiZq7uPTAG1wXQ5Jmxusp4CBXrkdss95dMlUJEY4VBYty+YYv2L8J1je3ll"
    "LOtg0GYrQBuMay7VuCZYn39MlVwCdAX/hF0p2/4RsjiJ0AkGlYlRiiuj6ZF/+nWANJjh88"
    "wK2CjFEN7Z8BQ1gRqGSb8zvchwphpWBCI7wna/6qmioEmsCgwwDZn2rhOR91EhfA5prWWC"
    "LiEo1Vbr36qvs9QqoUYb7bQ9Sl5YSDHZjsZ2NZuBYQGNyWUAE/DIvnuG548fPfNqHTyhpb"
    "u/iQsvpghy+MDDoGuJHfIJGXZit93/I8ZEBLFBC7B9d8FGFvphi97cx0xWVx/BhYUQUClT"
    "wciVYi4Nm14CiwIIuF1yCi1209GNMVEpsgChNmBC6xO3HuvSaCyNxtJ8KI3GkuvSaFxBo3"
    "F22ONmK9s5xD7W2neNTvcGCOvrmAy7jdavN8DSmIw2JredYas/uL0BKrZ4JPyY/NZufun3"
    "WYtnNF1QytoMhsMbYFpWOSxtrqCUZFh2ZN+KQgb2RVa8fQT2JSTNJGdG7Go6Z1KJq+AcWL"
    "f5tP8xWs+FYO/p9nuf/eZx1sS4YEPbSVFN861iK+ojegtWZu9C3oLWqPO1fQNc6jG5bzwM"
    "22z5MiC3SIr1rNHstt0Fjb9fwuh5mlXLhXjCZBQr7TTDmikSJ5TTo/j04MhMNKxje2Igc8"
    "KWHUpSlNJPGoUZbMjsIcaOGe+iUgy57T+wCQXuB+1WZ9jxdpBAOhY3o76aQbvRzcZ/6phW"
    "yh6RaQ9II5XRqkl/2NSERC0WABwmkZBuDAAWcKUsGkUDgJt+P+eFbt7g3/CoKhz8G3JMmG"
    "iGTMSQ3NHiPnSm/HunyLwPuiyPcrZfDwX7YCYV7e4uvHX7yeMpPBucdvRU5HWZ3UGyHFH+"
    "b97zAIX8ZuWyzqxZE8TXTeIh9tFvNflARGrQynPYuKhSU/DlCS1joHtrS8A5r4VH7N21Fy"
    "Z15os4acglFFmbWo1hq3ErBJlJ3Mvw51on1Wp5qaX4qUJ36+tcVVa03UZv1QBB9imMmAdY"
    "CMMOdxX9wkM2luwvwNQJZBKoAayCC568QOFHBLg3ybPqAB5cIFbXy+QZg733Lp1H0nl0Jv"
    "vHmboRpPPoZ+R6HufRiaO0S+Q9OkiMtr8XFjzZHiOrGtQHcdSd1g1a9dMc0GavMHXsNN0x"
    "27cWpZL+tb371/iG+r+UFEvME6I54uB/GLWOM/73nzZDowrMOmuTjvGK4ogII3IcgA/l//"
    "oJHZQPveFDc9gadJrcKemQQNNXx6TZf+i1+OUpZYsYv9Lq3913G50ev6hQ3dAYg8riwuSP"
    "Q8SezNl3kW1UxxT6szltsxfXZrk1h6TC6HPsGdsL1YTPu3A93ofkfNk4v9UZJemmOQ83TT"
    "nnynqYENsndj1v0yZzOEf85GKb91ZRpKBl4TnRd4erEXRUpbl3yENKqevWWk9QdH3L4xOa"
    "GFGSje6hPkHApM88VRS4WPVTBzY1sFIHnhvs8gYsWCs6sxGpu/6bBSLi8I9NeQCd7ZjTpH"
    "to772nuIe+xVxiomv+h+/B+1fMgfTNbeLZ06LOwJnII0mUpcyqXdKs2tIhlc2g83RNSIfU"
    "z8j1PA6p1WqcYHo+a1CkgyMahLCuIxWzXovahDp3d+3bDoP+BgR9jMlto9P9/QaoEGtLfu"
    "ym/Sv/+YzQE//da3/lOW4IL0tRDvvPHw5G9mRBHdOaMM6YaSc9MidsKnHWvK2k/h+Zh6lz"
    "cAX+h8u0ecenXCZHUFpsaj5+oNRIdsmNgtyIyZz5IpaiRFtFYZdu69pzZHtIDyoEbYJOop"
    "uaR2ulNeUENkwiMd18cCCqye54eiAaUXpmQOc9Q5CYuqnBuslxvAd8R34/FYU2PHk3oxqK"
    "l94R11DGnooiG93K07HNdqkc0kbpjukUo2Qw2LOtkMG82mh1zAZUhn/L8O8zmexnaneR1r"
    "afket5rG2W5qQkS8mOa/PbVy530EEqJ5Y/JPm8Q77Db5aAOTtpRoysAgHgx8iYIQOAjhWv"
    "8YcDNWwvJwbVsLJzGNDf3d7ueWdVigWSJ7ZLf2JbaIfbndcOGyIyTmsHuueezmq7mTdS9O"
    "AgJUe2Hhxk/8gXfaPxU9AX/DF19vec1gHbnbi3hdeSpzaPlrEQGwH8f6pgqAENkyfrElhM"
    "dkAib75bkD5kgUkE4ez7IWMiKslZDGrFtgC2PwIIQgwBOlwCxpIndssC9JnIw91Suz+nzf"
    "lM9Typ3f+MXM+j3cvMwIfUPvmeOnHMQqfnwzRVSNWYgDknzmuBTiBtmFiH5pLjmFZkORvu"
    "BOERdf3/egXfv0YfDqXyH/xIpshhuRXqKaTHxP365fWr6zfnirsrmhcxZ60opCWreGpkoQ"
    "EVLgkaI6sA8EfYMD3QCqecidNVb+M8SO4ZV6mfCKU+CXd20o44nUzbsX7VyZm2Yyv7eSTn"
    "4dYm4PzRNSWbJbnM5bJI3enON44Qz0IhLK/J8CH/Xn1tBFG41Ubj6WiBgF8fFNAZgMCn/y"
    "isjqLEGT/2bPFCZ/4bfEWmxRcTiwJhwoyYLRO20wM8Y0yeEDIsYIqdjBdq4wkPePk08N2j"
    "wzZ4hhbwy1SKBtnHH33Bw48qEwO5LuzsOrQTxx+liVWaWEuxSJ2psU2aWH9GrpffxHpqvh"
    "5eZ0xscFucCI33UWbsK1aOzZNHtmTcivqIBpaFrWsF9czal9Ed4xmnHBNud7oRQuJm9nHd"
    "8Ab820pKoadhl+KYJk/H5QmlBWTDFMrjHf56VWpBcQXvd2hi/p2FzDERonLYYvjzztoWEz"
    "EfQDFwC2lCERpZHGnjGUcXryTAxc/fhawF54Vw3nNikaEViWwbMFl10GmN8lVIUhZYU02U"
    "soYXsYhVD+/oguzuVjuaDWMmoPIIk+dhO/RhW2NCDCG72ZIYlkH2eyzxW8Ra6T9GGttOaW"
    "wrLqqeREQtPcJhv6FjKinK9poqtAFFmVXr0sYgSLWghGqBNOJnLzjnac7NY8QPZIhiKW+i"
    "VHJX2awRhgWp4+mEZQM5d1qW6AArU/aQcMxEigQfC6nIlt5jHvmD5hP5Fi4Zwp9rLSa+11"
    "xK7tJNfvJ1ocI7rHSTV43redzkNraLFdAKCCqhUcaifXM5yl+vcZS/TgmudnR+1KWQ2r4i"
    "qUAA+7G19ilVC6Htt5dQF4baMDE1sb11SvAw/RHhJzx8oXAsQa8/uGt0GfSCeky+dD5/uQ"
    "ELPF+MSWvQGXVa/C6jsJm4nDj5f6LDYudXv0814cwuypvbQePT6AYI2jHp9CaD9tdO+7cb"
    "gMnERN8xeh6Txv39oP+Vl+jzY3nHZNj60r596PKLlrJAqqPxq/cPzW5n+KXT+3wDPDWEMT"
    "G4zlt7l3nrT42O6GAGsaBuNXqttriicFTZtXKMhZBCVVDAi1LKEnDlkeeSYrzlTHVsbyfI"
    "x2klp8vMaX8V24LRMVLJ5zLzOdhqtl+5JafPgtPQUTHPn8dEFotqW07tjD4k58vMeV9S3M"
    "bmGiWVfC4zn7mO4Jh8ckKrWG7UJGUVTtsf22Dh6oKMPWkOzmzwY2QS+eLIB55SZUFxatbZ"
    "7JCaNNpyRNacffKDVBZtFfeUTi3ZdDg2GTgtQDoHh3zCnZhzPuvZQbgQqNDTZbGYpCShPK"
    "eSjHVlUtSCFqwcF6GRoCZBFcmQi2EaJpGQboyec4dgEt/CsXP37CsUbMAK5Qaqx2LnItM1"
    "EjnH3gD0HrrdWtaKKwHOBXBip8mBcpAwfUd8g9zs1cQ2vC5moJrnMCCjw9+RuXMtiVu3nz"
    "xlJMoWgpPrPCD6jnjznTBqkzmcI5111P6OznHvyofUD4ONJ30PcAUdVXVQKQukPE1MZ9dj"
    "pi3ez8D5ec+XhvZoDaUVmPfR7BM0ouyfzZg2/I4qMkWTwfuxGrj7qHCzdRHcs6ptE3xlvK"
    "pNIt9ktLZNuHJNvKpNsu7NXmrbpDh6MvOGFub2DqV5z4rfoe8syPFoad+teR6q5VOA62sP"
    "5wTyWsrJnLAsl30sRw23OuyZnCRQXmAgaxk+sUPQD3sCbW5mtMWxHX6bqyCYZ4nWkWUxMH"
    "gPxc7zNPH8ZznS89fr69ev31+/fP3uw9s379+//fAysE8kb60zVDQ7n7mtoh42bcqDP7sw"
    "6DyPgMiDPz8j1/Mc/GFrsm5QGxFlKTbEBOuzjwClkMrCRHlyZppIwQZOTbiVjXaEqIKHrg"
    "5Vm+gMjz4YiKgcuGK41+7bvVv3rIJLPyZ/f2g/8AMI7NmOOObgt7D8FuzKSPy0x+S23e18"
    "bQ84gSdVph1ruG03RAPI+3u4vx+0h0NxbsIxDLYsWeI5v3bu78XFJ2wYZTn4oEGydYpan/"
    "aIo2DqaE9Fh0DzofvrDeCUY9LotgeMt4EppigDPuTA/0Mm/B/i6HsKQcpMHOpQ07K9uSG6"
    "4yXueHlYAf/19ft3gUjPf6wT4od3jW436cXVELTS86A8PHRu08EM08TAdBysXnHK0ljbar"
    "z8gqJBrIMF1fh6BaC/cgGTiTO5EF8DrHuM111CwmKVQCEKdlynLSghp5DLAN3ySMVJZUiD"
    "lj1BppnmxM+OD41SyfDQ4uGhArzJAls2TTsrnx3UliAsR8RhpVKupdnwCmgwGeRVmCYxVe"
    "ZtHtmVtcpWZN6m1Psk2+w8ITK545R5xwlUri2YHKeVnC4zp6PuqJwBmFEimcEwJaw16Z/K"
    "iW2SUOKblnfYmfL3mKKC8dgJOhlAnFF6pGiZiyiRhHVznYtoEstdY4cLlSMt2/KQN8Q1uT"
    "qmpzdN2eL2gPEO0S1ngm90Z9+M7Wo53QO8w0hn57VW5AU4sf/kCH/3VtY9IPx11VM14Y1u"
    "QjsEwcvg7lNVevFDzYbC29mijnhsZkRauFk9T3DaxHWjsq/ySTYWkh6ySYZUwBfHObKATU"
    "UxZuLobBrzos+rExPAYFfcB9TBs8kTVxEwXYpLYiS80NjISiTi2/8TxoT1PZ8j0wKUgEf/"
    "4x/BhY7nphi44MMlgEQFM6qp7NmMvZS1RdybEXoIYJqjaMZeiFyNyZj8tljeABVaiyllzG"
    "Zv8fiLjtjTFOtRNAwexlnDrj2zCSk+R0Mqe6G/WEBAb/lv7Vhjgnh7MEPPwEJsuPFeeVcQ"
    "fB70H+5B83dAWQvgNvP7B3P2qtaqOrbbP/sek7dj78qLc1uOzgHkL2XDx/CHoT8cxm63AH"
    "fwGEzYg9l7EWhYC2rXwRQp0LEQQFBZjInLIICtAHpGwJ/NRhCxoGtwFT0GrAxe7AoM+OtC"
    "EzGYtaX4mDHBxEImWxA4GrxPzrELgQfwQpku67xOOEPFK5sYNHNbPUNs828Wbwgoj5gcE/"
    "aTe8U1qjxx/kMXctaaIfaRYYyASnU2o69WA+uKvcd3rKCr8PywsqqKxwIyZfBkKYMn18Wb"
    "ZOjHJ4gxOZotfP9hHGJVKTbCA5Iq2XWOMM4TmnS2GHdI8SQu1KWIJilyX7ZYgoLGExS03i"
    "iRPIYUYW/XXaluj2KPUaiB2bYyM6kuNqFg12SbCbe7s11AyBMEsVaEJkSS/T9iTP5N2ZbD"
    "92LVMRCP02TyCLqaX7HuwbA3BJ4zDmD1EujwiZFCYCJDg0vRgY1n3gux64S+oEbO7SntvA"
    "BVxH6qBqcCAgHRO3jB56V7miChs4VJ5dZXyq3vVI6Nkqlw+zYNCzBS5YnNcYs+bZkli5oX"
    "ePp7EHe6DIJRf5+wPxqhO9y6ANn9/n27dwOogZh21Op2eBV3ha02T2PS7D/0Wu0bMGXCtI"
    "LGZNj/NJr4Fy06syf+nVb/7r7b6PAIWIXynEiYh8E+9IYPzWFr0Gmy9g4JVqL4an0a6Se8"
    "DibGxHovcYy0guc0quQlxtZEZ9olTotZblKqIUgy9rQIYYzLU0Z5KMYGV47L2Wa/340wtd"
    "mJB5o93DXbbJ4JbrJG2I5saKEjUGaKyyI73M9rXoUApmPH+a3E0SKacpRqL7hX/ayRjmzI"
    "BbYkzNmxlGGacoRRVipxo4kUhLfL6h0jreAWfqZHLfMcsI0pu4XMV2HCCulIR1FYyxMhVk"
    "4myACxsoK7JpIpnPdjxwiFAknjSoZx3hCF2AK6OcbmlHFiZ4rxNmFiMpTpQKFMp/HTfMKm"
    "Za88MbUUP028ST2nn2bG6fL5aXgEgmgOhHOHRyJA8MQYKwIR/KWAlwTkUQD8LOkCmQjYSN"
    "O478MdEsKyCNxzfBEXzV57HxNhs3S9OcLtgqDthzdYkHtz/BATN8KByf/UVC2A7SwvTMKn"
    "wt/N9ZjI2IFyyKPZDpSTagil0wRPoiKI6ZLAPtsk5bcvs4NlW3vUmzzmqDfZ1qg3l+WJIb"
    "gT4XIDqmmOkbYxRe6v3ZXcwLuJuWq6cUtquZFgbiDhxdyE7OUgL3hcB1NHeUI2X+dNuw5C"
    "QlQdeJ7Ry6vEJrSH/lK3jlBPYkwnRDq3d/5XyG0b31wS/XhU0m1fzl0nxq1t3MzxgVPixb"
    "B21+k9jNo3QMfEsdGYfOk/DG7AgjpMHLsVrma43MbXu+d8OaupVsRAvKKqoG34TGzBudy7"
    "pzZFlo23+7ZFykPWB7LxpqYtXLdZW+k5C883edeRNZIgucNWKiE68lCuFvZu0sNiwK9oJO"
    "rboc6tY2nnANeAHpBIzLfD3NMHt4A+Tik5sB0HvKC9bViQIJU82GkW7MCKrB4kR7bjiHCQ"
    "FOTBikaivtM82Ab8BKnkwW77wTZMSNJKLmzHBfesSEH4Q0QS9+1wDx3UKQh+nFJyYMud1z"
    "8SVXT3jdBJ9LfdgYNYn8IbcJRScuDsDrwPg1oaDVXlf9RSPNbJRvV1butVfQ7upgjab/Rd"
    "e50jCzwjoDuWzQ+FAx1iDcA5YxG4WLDv9U5b1lcHKS9vgGFSGym2m5CFJ+7nmWgSzux9P2"
    "BMTGQ4tntmnQdpATxzGwTBczyZjIleYN2gPA+MTLhS9nlZX+O+RnyopDuu0+EPCCpXrer1"
    "dZ4TZKxVphta3IsfV4JWWhj0ulJVPkWZAwG2xjgXxGsQTia0sVNHcPYBvRWFPJ4Xcfjv43"
    "ierH6ZPROqdTivJNLeiH3vE1K7mDylyXnh22slPNttONH8lptlO8DbAsgDysEz+w/aQowS"
    "mYSuQEsEp9v0CRELKNA0l0yO4qITff4LI1HrXjo8Llw9DLo8Z15Sutv7I8aE/zCRik0m+4"
    "E5RZab3O9ZRNo/C0nQBgaihobABaFutL1PcOnlBHT7dVMG1sfkeYGVBdCQJ0y6cfnsPQ3K"
    "Bj97M4UnHFwgPTt4MhmY45jaZAGthQy/Pw9JUsZkHTZ2KJgPBWTJME0Fpcl3eWLs32XH2L"
    "97E5cmj5jDpGzQHjuJiZQUpaR4VEmxYVl4TrLOVoburpUTYbTdJikxm+epYhD6YSAT+72H"
    "TvhKIegshCB3dGy1qsVI5bJW9mUtUnkzmLfFZN8EnRR9S5caperonqp4VhVxXZNzJrq1R2"
    "EunK6jHenszIDOm68jsThuzolyispD5wrvmtJDJcs3c64Ir084E4B8GnUotISklQSILDBr"
    "ssxE2+1VHdpF5flZ9J0dpYA16eileeYn1GO8Ck5bcD1KKbleFq77GIXY7r39iuvi/wS/s9"
    "0KfvtK2L2Pk0baxEo6wpvTg6yoj4e3OBI64b3WisFe46UlJoMGzxES9OEVmfAuC+/wqu+T"
    "F4VYV3NsM3dOUX+spppwZhflzO2g8Wl0AwTtmAweer1O7/MNMB1CGPxeQY/2qH3rFfRgYq"
    "rKrjZ6rXZXXOTf7x3OLgXXzO12qijlHnaqcqbDPMONKcWuyiDchsdhOsnhMnNYho0c1Qp5"
    "ytzMZYM6rxknb3LmbDtO3EGo716rO+qvrgjyabbcHXGqnh33oMXMfbhSTIIhJLPtgSED/G"
    "FjI8TL7RQVIU2EO5oIpdlgpd/kMhu8WmM2eJU0GzyzzXiRIvpmDtwVwfFEoVelHryhOqDY"
    "1gqN1oCgChXqYqewco3W12tG6+vkaLUcXYdpJVWyw2dDJFUA+dgRtFOqFoLbby+xLo41ti"
    "bPmJA03/emeqIrOllOtEA5URlSJ4OTSqR11bcLTspjE/CSzeLUXCUFVN3qlSKLLAjSdLIW"
    "qoMendCQmX5qQtyorz0wETQ5ZHDQt5AjLhSAUqxqhrQI7GgROENXqoGIyiErhnjtvt27Fe"
    "5Tj35Mhv4Vy79y2+52vrYH3Hca5BMfk/vGYNRpdLu/Tz41OsKxakDTxlDTlhM3+/WY+HdW"
    "2bBPU35IntfLB/15hgblK7sMVY0nwyzO9hhpBfl+JnzO5YcNuKVjnuasoJqbQi2V3QLKri"
    "iKOQl2iS1mW3oPMvahzHMuCLPaZlON0UpOl5rTngg0Ta9Omp0ONk4ni7snF8/ShRCdvY63"
    "xlK4GpF7sBTesy9RsAHzSAYlG8R57YSJGbyHouM5w7n6BI0o++c4wVwnHfQHDeXayXTWUZ"
    "FuUBsRZTkQ9cdrKWa0ZKP6OpMaXjWfmKv2e463MfzJOfEDN6jBR4Q3Pp7QUmYlOY+sJElO"
    "5g2CSFJWMHjnIGd+InMlL9wRogoivf+EbXwVKgCw17yC0B5kEM/Y85HJF4EU/TQb5RhZBd"
    "He/0BmyiZ731T9Zd1GGSGrUqTDseu1SO/GT+LdSOi2p0m/0XfsKf1xhywLigGf0AmiDdbq"
    "A1Q0neihthuzVz/qbDQ+3oh8zUxFAh4xQD8YmbbkOaf5LVHugWEJicXLfYAF5CfreDpqm4"
    "Ix01+HY/Y8Q3Pc5jP0HPdWHu5JY+JiLX7zrP3A4P1aC56h+oKPWkCZxiuSZtvURCJrdl0U"
    "SHGLm5hLl+I7Rs+Xso5J+ddrma5Ert+RmHNRtSjJ8TUh5wFFJaTSY4dBm0jBBk4PwcsGPU"
    "pVZuC5W02HLyxkQPEyAJHvSGNqOVh9A7hge9FfLHCLLBsToa5fjWhQiOsysQHuqc8Ts95y"
    "pv9GSsryuu58R0BSZqaXdrbpOM1a12QDxFymI+5TxIMvlrYbXFwdwJteQaIAcIZ3s9NrDH"
    "5PR7yZUsCo+fuo3ShP4cLWAilPA4fUUrSB4N5aReAPB2rYXk4U3npies036gIjXrOFk1gA"
    "gpCLhEnHPJoHMHZQtlhxMRlcUBMwfYNL7ZAAEdx7CZ6xvaiz3yoXxRPr3367HxPvK4GlCK"
    "Ge9W5Q1ie7AJ+vwKNrErEeeZ1C6OoFdAZcAMUtwCtuWTnl/bTSNOxf1urb9oHGUi84ll7A"
    "3nE+TxMR84Ukh8jLvIPVhg/Nu87ohlfp1LE9Jv2v7cGgc8uTcDE118QqmzaNbnvAmgTx+K"
    "fP4eRN5CRzPmkUZkyPEE2MIzNOlIMn5QwkSAP1tv/Q7LbB/aDd6gw7XrW+QP8SN/mlVWDh"
    "oN3optqVU8T17AKJIZJyVEjkz6tMhURvQqooxTO4NsY2SijDawuE1/qL4IRQO0WiztZgEo"
    "Ty7HRxNYbJntQsHHoQpTriiSBradlIP9RycwSvrbSFZqNfXVto6aJgT81qmUjvyBvKERLp"
    "HdL88ndXs7gXtoRaig0m2qCexxBjrNputML0CeImDQMxHQ3Y1MBKndtLTExN1lUdUBMQhL"
    "mZAlxwo4fHxktu8nA0ZD0CHRrc5CFsLQkrzH67H5MnzO0xFEw1qjz9wuAnv9DZ7CPg10W9"
    "YpXXFubOVg4jeELIELYaIdW/wARY3APLHn0Ix+vPYl2R5R+kDCHLP0iu71T+wd8DtjWShu"
    "lLrB/Xev3BXaPLSKmpQ21MvnQ+f7kBCzxfjElr0Bl1Wvwuo7CZkKKVw0SqYzIRfo5CRtII"
    "lTST5jGTchGnkJHUJyiHiZQ/tjImUiGdFlNiwyTyjOxG7VXAtQe9deT3c17o5lVYw6OqTK"
    "pqgylOyqKWlpDLvVNfm5Fr1UbW6zunCV1fo7AxXdoqeNosRFJm5/a2pvW3b/OY1t++zTat"
    "83sxVwabVAUQ9ppXEN2DJDxnT7RTU5Bmi2EhkuMLYqcRd/cmcp007O3P/wfSDcyz"
)
