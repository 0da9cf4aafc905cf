//SND&CITY JOB (RENGO),'FEDERATION SEND',CLASS=A,MSGCLASS=X
//* PREF: the prefecture's 都道府県番号 (Chiba's), in the headers of the files it sends.
//         SET PREF=12
//* The federation's daily stream, part 4 of 4 (docs/streams/daily.md): one accepted
//* city's files from the federation, after jcl/rengo_merge.jcl. Run once per city of the
//* day's list of accepted cities RENGO.ACCEPTED.Dyymmdd (layout rengo_city, CITY and
//* HOKEN; a city rejected on receipt is not on it and gets none: its notice says why),
//* each run a job of its own (SNDnn):
//*   kiroku run jcl/rengo_send.jcl --root DIR --date 2026-04-01 \
//*       --each RENGO.ACCEPTED.D260401 KEYS=DIR
//* One city's files from the federation. Its 国保資格取得喪失年月日連携
//* (rengo_shikaku): one record per data record of the city's accepted 資格情報(個人)
//* file, from RENGO.RENKEI.Dyymmdd; its 被保険者ID連携 (rengo_hihokensha_id): one record per
//* 被保険者ID given today to a person of the city (新規付番). Each between a header and
//* a trailer (SORT, a draft layout), the trailer's counts by CONVERT, VERIFY, SEAL with
//* the city's key (cityNN) and its 受渡票: RENGO.SEND.SHIKAKU.Cnn.Dyymmdd and
//* RENGO.SEND.HIHOID.Cnn.Dyymmdd (+ .slip); and its extract of the new register, every
//* period of a person who has one in the city (the other cities' periods of its movers,
//* which its move check pairs with its own): RENGO.SEND.RIREKI.Cnn.Dyymmdd (+ .slip).
//* The city's next business day reads the three under these names (&PBYYMMDD in
//* jcl/kokuho_daily.jcl): the slip binds the name, and only the city's key opens them.
//SHIKAKU  EXEC PGM=SORT
//SORTIN   DD DSN=RENGO.RENKEI.D&YYMMDD,DISP=SHR,LAYOUT=rengo_renkei_wk
//SHIKAKU  DD DSN=&&SHIK&CITY,DISP=(NEW,PASS)
//SYSIN    DD *,SYMBOLS=JCLONLY
  INCLUDE COND=(hokensha_no,EQ,&HOKEN)
  SORT FIELDS=(atena_no,A)
  OUTFIL FNAMES=SHIKAKU,REMOVECC,
    BUILD=(C'2',atena_no,setai_no,20X,30,8,C'01',shimei_kana,seinengappi,
           seibetsu,renkei_kubun,kokuho_shutoku_ymd,kokuho_soshitsu_ymd,
           tekiyo_kaishi_ymd,tekiyo_shuryo_ymd,tenshutsu_hokensha_no,
           tenshutsu_shuryo_ymd,chofuku_kubun,C'&RUNDATE',34X),
    HEADER1=(C'1',C'&PREF',C'&HOKEN',C'&RUNDATE',183X),
    TRAILER1=(C'8',C'000000000000000000000000',175X)
/*
//SHIKTOT  EXEC PGM=CONVERT
//SYSUT1   DD DSN=&&SHIK&CITY,DISP=(OLD,DELETE),
//            LAYOUT=rengo_shikaku_draft
//SYSUT2   DD DSN=RENGO.SHIKAKU.C&CITY..D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=rengo_shikaku
//VERSHIK  EXEC PGM=VERIFY
//SYSUT1   DD DSN=RENGO.SHIKAKU.C&CITY..D&YYMMDD,DISP=SHR
//SEALSHIK EXEC PGM=SEAL,COND=(0,NE,VERSHIK),
//             PARM=(KEYRING=&KEYS,KEYID=city&CITY,SENDER=RENGO,
//             RECEIVER=CITY&CITY,DATASET=RENGO.SHIKAKU.D&YYMMDD)
//SYSUT1   DD DSN=RENGO.SHIKAKU.C&CITY..D&YYMMDD,DISP=SHR
//SYSUT2   DD DSN=RENGO.SEND.SHIKAKU.C&CITY..D&YYMMDD,DISP=(,CATLG)
//HIHOID   EXEC PGM=SORT
//SORTIN   DD DSN=RENGO.NEWID.D&YYMMDD,DISP=SHR,LAYOUT=rengo_tx_wk
//HIHOID   DD DSN=&&HID&CITY,DISP=(NEW,PASS)
//SYSIN    DD *,SYMBOLS=JCLONLY
  INCLUDE COND=(hokensha_no,EQ,&HOKEN)
  SORT FIELDS=(atena_no,A)
  OUTFIL FNAMES=HIHOID,REMOVECC,
    BUILD=(C'2',atena_no,setai_no,hihokensha_id,C'0000000000000000',C'1',
           C'&RUNDATE',143,8,C'01',shimei_kana,seinengappi,seibetsu,19X),
    HEADER1=(C'1',C'&PREF',C'&HOKEN',C'&RUNDATE',133X),
    TRAILER1=(C'8',C'00000000',141X)
/*
//HIHOTOT  EXEC PGM=CONVERT
//SYSUT1   DD DSN=&&HID&CITY,DISP=(OLD,DELETE),
//            LAYOUT=rengo_hihokensha_id_draft
//SYSUT2   DD DSN=RENGO.HIHOID.C&CITY..D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=rengo_hihokensha_id
//VERHIHO  EXEC PGM=VERIFY
//SYSUT1   DD DSN=RENGO.HIHOID.C&CITY..D&YYMMDD,DISP=SHR
//SEALHIHO EXEC PGM=SEAL,COND=(0,NE,VERHIHO),
//             PARM=(KEYRING=&KEYS,KEYID=city&CITY,SENDER=RENGO,
//             RECEIVER=CITY&CITY,DATASET=RENGO.HIHOID.D&YYMMDD)
//SYSUT1   DD DSN=RENGO.HIHOID.C&CITY..D&YYMMDD,DISP=SHR
//SYSUT2   DD DSN=RENGO.SEND.HIHOID.C&CITY..D&YYMMDD,DISP=(,CATLG)
//* ---- the city's extract of the register: one period of the city per 被保険者ID,
//* then every period of the register with one of those ids (the merge's BYID, the
//* register in 被保険者ID order: one pass), in the register's order (1-21: 保険者番号
//* and 宛名番号, its key)
//MINE     EXEC PGM=SORT
//SORTIN   DD DSN=RENGO.RIREKI.BYID.D&YYMMDD,DISP=SHR,
//            LAYOUT=rengo_rireki
//SORTOUT  DD DSN=&&IDS&CITY,DISP=(NEW,PASS),LAYOUT=rengo_rireki
//SYSIN    DD *,SYMBOLS=JCLONLY
  INCLUDE COND=(hokensha_no,EQ,&HOKEN)
  SORT FIELDS=(hihokensha_id,A)
  SUM FIELDS=NONE
/*
//RIREKI   EXEC PGM=SORT
//SORTJNF1 DD DSN=RENGO.RIREKI.BYID.D&YYMMDD,DISP=SHR,
//            LAYOUT=rengo_rireki
//SORTJNF2 DD DSN=&&IDS&CITY,DISP=(OLD,DELETE),LAYOUT=rengo_rireki
//SORTOUT  DD DSN=RENGO.RIREKI.C&CITY..D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=rengo_rireki
//SYSIN    DD *
  JOINKEYS FILE=F1,FIELDS=(hihokensha_id,A),SORTED
  JOINKEYS FILE=F2,FIELDS=(hihokensha_id,A),SORTED
  REFORMAT FIELDS=(F1:1,150)
  SORT FIELDS=(1,21,CH,A)
/*
//VERRIR   EXEC PGM=VERIFY
//SYSUT1   DD DSN=RENGO.RIREKI.C&CITY..D&YYMMDD,DISP=SHR
//SEALRIR  EXEC PGM=SEAL,COND=(0,NE,VERRIR),
//             PARM=(KEYRING=&KEYS,KEYID=city&CITY,SENDER=RENGO,
//             RECEIVER=CITY&CITY,DATASET=RENGO.RIREKI.D&YYMMDD)
//SYSUT1   DD DSN=RENGO.RIREKI.C&CITY..D&YYMMDD,DISP=SHR
//SYSUT2   DD DSN=RENGO.SEND.RIREKI.C&CITY..D&YYMMDD,DISP=(,CATLG)
