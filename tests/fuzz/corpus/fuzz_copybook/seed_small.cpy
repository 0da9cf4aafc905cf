      *================================================================
      * SMALL 小さな台帳
      * from kiroku layout small: CP932, 60 bytes + CR LF.
      * Made by `kiroku layout copybook`; see docs/COPYBOOK.md.
      * B fields are COMP (big-endian) or COMP-5 (little-endian) with
      * PIC 9(2)/9(4)/9(9)/9(18) for 1/2/4/8 bytes: GnuCOBOL's default
      * binary-size 1-2-4-8 (2, 4 and 8 bytes also under 2-4-8).
      *================================================================

      *>kiroku layout small
      *>kiroku encoding cp932
      *>kiroku length 60
      *>kiroku terminator crlf
      * 小さな台帳
       01  SMALL.

      *    ヘッダ
      *>kiroku record header header when kubun
           05  SMALL-HEADER.
      *        レコード区分
               10  KUBUN               PIC X(1).
                   88  KUBUN-HEADER    VALUE '1'.
      *        作成日
      *>kiroku name date
      *>kiroku type date(yyyymmdd)
               10  DATE-2              PIC 9(8).
               10  FILLER              PIC X(51).

      *    明細
      *>kiroku record data data when kubun
           05  SMALL-DATA              REDEFINES SMALL-HEADER.
      *        レコード区分
      *>kiroku name kubun
               10  KUBUN-2             PIC X(1).
                   88  KUBUN-2-DATA    VALUE '2'.
      *        宛名番号
      *>kiroku attr key
               10  ATENA-NO            PIC 9(10).
      *        氏名
               10  SHIMEI              PIC N(8).
      *        性別
               10  SEIBETSU            PIC 9(1).
      *            男
                   88  SEIBETSU-1      VALUE 1.
      *            女
                   88  SEIBETSU-2      VALUE 2.
      *        金額
               10  GAKU                PIC S9(7)V9(2)
                   SIGN LEADING SEPARATE.
      *        金額(パック)
               10  GAKU-P              PIC S9(7)V9(2) COMP-3.
      *        回数
               10  KAISU               PIC 9(4) COMP.
      *        結果
               10  KEKKA               OCCURS 2 TIMES.
      *            項目
                   15  KOUMOKU         PIC X(2).
      *            値
                   15  ATAI            PIC 9(3).
               10  FILLER              PIC X(5).
