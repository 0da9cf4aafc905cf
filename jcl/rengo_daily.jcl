//RENGODY  JOB (RENGO),'FEDERATION DAILY',CLASS=A,MSGCLASS=X
//* PREF: the prefecture's 都道府県番号 (Chiba's), in the headers of the files it sends.
//         SET PREF=12
//*
//* The federation's daily stream (docs/streams/daily.md): every city's sealed
//* 資格情報(個人) and 資格情報(世帯) files received, unsealed and verified, each city on
//* its own. A city whose file fails (its 受渡票, digest, a chunk, the key, a record or the
//* trailer's counts) is rejected whole, both files, and reported to that city; the other
//* cities go on. The accepted cities' 資格情報(個人) records are then merged into the
//* prefecture's eligibility register, RENGO.RIREKI(+1) from RENGO.RIREKI(0), with the
//* federation's 個人番号 index RENGO.KOJINIX (a generation beside it, sensitive).
//* Then each accepted city's 国保資格取得喪失年月日連携 and 被保険者ID連携 files,
//* written from the day's merge, verified and sealed with that city's key (SEND).
//*   kiroku run jcl/rengo_daily.jcl --root DIR --date 2026-04-01 KEYS=DIR
//* KEYS is the federation's key ring: cityNN.key opens city NN's files. The cities'
//* files are RENGO.KOJINnn.Dyymmdd and RENGO.SETAInn.Dyymmdd (+ .slip), as
//* jcl/kokuho_daily.jcl seals them.
//*
//* RECV: one city. Accepted: RENGO.IN.Cnn.Dyymmdd (layout kokuho_kojin) and
//* RENGO.INSETAI.Cnn.Dyymmdd (kokuho_setai). Rejected: RENGO.REJECT.Cnn.Dyymmdd, the
//* notice to the city (the job log says why). An accepted city's 資格情報(個人) records
//* are added to RENGO.TX.Dyymmdd (layout rengo_tx_wk) stamped with its 保険者番号 HOKEN.
//RECV     PROC CITY=,HOKEN=
//UNSEAL   EXEC PGM=UNSEAL,PARM='KEYRING=&KEYS'
//SYSUT1   DD DSN=RENGO.KOJIN&CITY..D&YYMMDD,DISP=SHR
//SYSUT2   DD DSN=&&KOJIN&CITY,DISP=(NEW,PASS),LAYOUT=kokuho_kojin
//VERIFY   EXEC PGM=VERIFY,COND=(0,NE,UNSEAL)
//SYSUT1   DD DSN=&&KOJIN&CITY,DISP=(OLD,PASS),LAYOUT=kokuho_kojin
//UNSETAI  EXEC PGM=UNSEAL,PARM='KEYRING=&KEYS'
//SYSUT1   DD DSN=RENGO.SETAI&CITY..D&YYMMDD,DISP=SHR
//SYSUT2   DD DSN=&&SETAI&CITY,DISP=(NEW,PASS),LAYOUT=kokuho_setai
//VERSETAI EXEC PGM=VERIFY,COND=(0,NE,UNSETAI)
//SYSUT1   DD DSN=&&SETAI&CITY,DISP=(OLD,PASS),LAYOUT=kokuho_setai
//OK       IF (UNSEAL.RC = 0 & VERIFY.RC = 0 &
//             UNSETAI.RC = 0 & VERSETAI.RC = 0) THEN
//ACCEPT   EXEC PGM=IEBGENER
//SYSUT1   DD DSN=&&KOJIN&CITY,DISP=(OLD,DELETE),LAYOUT=kokuho_kojin
//SYSUT2   DD DSN=RENGO.IN.C&CITY..D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kokuho_kojin
//ACCEPTS  EXEC PGM=IEBGENER
//SYSUT1   DD DSN=&&SETAI&CITY,DISP=(OLD,DELETE),LAYOUT=kokuho_setai
//SYSUT2   DD DSN=RENGO.INSETAI.C&CITY..D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kokuho_setai
//GATHER   EXEC PGM=SORT
//SORTIN   DD DSN=RENGO.IN.C&CITY..D&YYMMDD,DISP=SHR,
//            LAYOUT=kokuho_kojin
//SORTOUT  DD DSN=RENGO.TX.D&YYMMDD,DISP=MOD,LAYOUT=rengo_tx_wk
//SYSIN    DD *,SYMBOLS=JCLONLY
  OPTION COPY
  INCLUDE COND=(1,1,CH,EQ,C'2')
  OUTREC BUILD=(C'&HOKEN',atena_no,setai_no,shori_kubun,shimei_kana,
                seinengappi,seibetsu,shutoku_ymd,shutoku_jiyu,soshitsu_ymd,
                soshitsu_jiyu,tekiyo_kaishi_ymd,tekiyo_shuryo_ymd,kojin_no,
                C'0000000000000000',50X)
/*
//         ELSE
//REJECT   EXEC PGM=SORT
//SORTIN   DD DUMMY,LRECL=100
//NOTICE   DD DSN=RENGO.REJECT.C&CITY..D&YYMMDD,DISP=(,CATLG)
//SYSIN    DD *,SYMBOLS=JCLONLY
  OPTION COPY
  OUTFIL FNAMES=NOTICE,REMOVECC,
    HEADER1=(C'RENGO.KOJIN&CITY/SETAI&CITY..D&YYMMDD REJECTED &RUNDATE: ',
             C'NOT OPENED OR NOT VERIFIED, SEE THE JOB LOG')
/*
//         ENDIF
//         PEND
//*
//* SEND: one city's files from the federation. Its 国保資格取得喪失年月日連携
//* (rengo_shikaku): one record per data record of the city's accepted 資格情報(個人)
//* file, from RENGO.RENKEI; its 被保険者ID連携 (rengo_hihokensha_id): one record per
//* 被保険者ID given today to a person of the city (新規付番). Each between a header and
//* a trailer (SORT, a draft layout), the trailer's counts by CONVERT, VERIFY, SEAL with
//* the city's key (cityNN) and its 受渡票: RENGO.SEND.SHIKAKU.Cnn.Dyymmdd and
//* RENGO.SEND.HIHOID.Cnn.Dyymmdd (+ .slip), which the city catalogs as
//* RENGO.SHIKAKU.Dyymmdd and RENGO.HIHOID.Dyymmdd.
//SEND     PROC CITY=,HOKEN=
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
//SORTIN   DD DSN=&&NEWW,DISP=(OLD,PASS),LAYOUT=rengo_tx_wk
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
//         PEND
//*
//* TXNEW: the day's gathered records, empty until the accepted cities add theirs.
//TXNEW    EXEC PGM=SORT
//SORTIN   DD DUMMY,LRECL=200
//SORTOUT  DD DSN=RENGO.TX.D&YYMMDD,DISP=(NEW,CATLG),LAYOUT=rengo_tx_wk
//SYSIN    DD *
  OPTION COPY
/*
//C01      EXEC RECV,CITY=01,HOKEN=121001
//C02      EXEC RECV,CITY=02,HOKEN=121019
//C03      EXEC RECV,CITY=03,HOKEN=121027
//*
//* The register (docs/streams/daily.md, "The federation's stream").
//* ADDS: each 追加 matched by its 個人番号 with the index: KNOWN (a person the
//* federation knows: he keeps his 被保険者ID) and NEW (新規付番: the run date and a
//* sequence number, in 保険者番号, 宛名番号 order).
//ADDS     EXEC PGM=SORT
//SORTJNF1 DD DSN=RENGO.TX.D&YYMMDD,DISP=SHR,LAYOUT=rengo_tx_wk
//SORTJNF2 DD DSN=RENGO.KOJINIX(0),DISP=SHR,LAYOUT=rengo_kojin_index
//KNOWN    DD DSN=&&KNOWN,DISP=(NEW,PASS),LAYOUT=rengo_tx_wk
//NEW      DD DSN=&&NEWW,DISP=(NEW,PASS),LAYOUT=rengo_tx_wk
//SYSIN    DD *,SYMBOLS=JCLONLY
  JOINKEYS FILE=F1,FIELDS=(kojin_no,A),INCLUDE=(37,1,CH,EQ,C'1')
  JOINKEYS FILE=F2,FIELDS=(kojin_no,A),SORTED
  JOIN UNPAIRED,F1
  REFORMAT FIELDS=(F1:1,200,F2:hihokensha_id,?)
  SORT FIELDS=(F1:hokensha_no,A,F1:atena_no,A)
  OUTFIL FNAMES=KNOWN,INCLUDE=(217,1,CH,EQ,C'B'),
         BUILD=(1,134,201,16,151,50)
  OUTFIL FNAMES=NEW,INCLUDE=(217,1,CH,EQ,C'1'),
         BUILD=(1,134,C'&RUNDATE',SEQNUM,8,ZD,151,50)
/*
//* LATEST, LATEST1: per 被保険者ID the latest period still open or ended by a move
//* with no 転入地 yet (sorted by 適用開始年月日 descending, the first kept: EQUALS).
//LATEST   EXEC PGM=SORT
//SORTIN   DD DSN=RENGO.RIREKI(0),DISP=SHR,LAYOUT=rengo_rireki
//SORTOUT  DD DSN=&&LATEST,DISP=(NEW,PASS),LAYOUT=rengo_rireki
//SYSIN    DD PATH='../jobs/rengo_latest.sort'
//LATEST1  EXEC PGM=SORT
//SORTIN   DD DSN=&&LATEST,DISP=(OLD,DELETE),LAYOUT=rengo_rireki
//SORTOUT  DD DSN=&&LATEST1,DISP=(NEW,PASS),LAYOUT=rengo_rireki
//SYSIN    DD PATH='../jobs/rengo_latest1.sort'
//* MOVEIN: a known person's new period names the old city (転出地保険者番号) and carries
//* its 国保資格取得年月日 over.
//MOVEIN   EXEC PGM=SORT
//SORTJNF1 DD DSN=&&KNOWN,DISP=(OLD,DELETE),LAYOUT=rengo_tx_wk
//SORTJNF2 DD DSN=&&LATEST1,DISP=(OLD,DELETE),LAYOUT=rengo_rireki
//MOVERS   DD DSN=&&MOVERS,DISP=(NEW,PASS),LAYOUT=rengo_rireki_tx
//SYSIN    DD PATH='../jobs/rengo_movein.sort'
//* NEWID: the new periods, and the new ids' index records (a blank 個人番号 has none).
//NEWID    EXEC PGM=SORT
//SORTIN   DD DSN=&&NEWW,DISP=(OLD,PASS),LAYOUT=rengo_tx_wk
//NEWPER   DD DSN=&&NEWPER,DISP=(NEW,PASS),LAYOUT=rengo_rireki_tx
//NEWIX    DD DSN=&&NEWIX,DISP=(NEW,PASS),LAYOUT=rengo_kojin_index
//SYSIN    DD PATH='../jobs/rengo_newid.sort'
//* CHG, MOVEOUT: each 変更 with the register's 被保険者ID; a loss of a person who has a
//* new period in another city today ends the period with that city as 転入地 and is not
//* a loss (国保資格喪失年月日 stays open); any other loss ends it; any other 変更 sets
//* the name.
//CHG      EXEC PGM=SORT
//SORTJNF1 DD DSN=RENGO.TX.D&YYMMDD,DISP=SHR,LAYOUT=rengo_tx_wk
//SORTJNF2 DD DSN=RENGO.RIREKI(0),DISP=SHR,LAYOUT=rengo_rireki
//SORTOUT  DD DSN=&&CHG,DISP=(NEW,PASS),LAYOUT=rengo_tx_wk
//SYSIN    DD PATH='../jobs/rengo_chg.sort'
//MOVEOUT  EXEC PGM=SORT
//SORTJNF1 DD DSN=&&CHG,DISP=(OLD,DELETE),LAYOUT=rengo_tx_wk
//SORTJNF2 DD DSN=&&MOVERS,DISP=(OLD,PASS),LAYOUT=rengo_rireki_tx
//ENDS     DD DSN=&&ENDS,DISP=(NEW,PASS),LAYOUT=rengo_rireki_tx
//SYSIN    DD PATH='../jobs/rengo_moveout.sort'
//* TXSORT, UPDATE: the day's transactions in key order, applied to the register.
//TXSORT   EXEC PGM=SORT
//SORTIN   DD DSN=&&MOVERS,DISP=(OLD,DELETE),LAYOUT=rengo_rireki_tx
//         DD DSN=&&NEWPER,DISP=(OLD,DELETE),LAYOUT=rengo_rireki_tx
//         DD DSN=&&ENDS,DISP=(OLD,DELETE),LAYOUT=rengo_rireki_tx
//SORTOUT  DD DSN=RENGO.RIREKITX.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=rengo_rireki_tx
//SYSIN    DD PATH='../jobs/rengo_txsort.sort'
//UPDATE   EXEC PGM=LEDGER,PARM='UPDATE'
//OLDMAST  DD DSN=RENGO.RIREKI(0),DISP=SHR
//TRANS    DD DSN=RENGO.RIREKITX.D&YYMMDD,DISP=SHR
//NEWMAST  DD DSN=RENGO.RIREKI(+1),DISP=(,CATLG),LAYOUT=rengo_rireki
//REJECTS  DD DSN=RENGO.REJECTS.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=rengo_rireki_tx
//* IXNEW: the index's new generation: yesterday's and today's new ids.
//IXNEW    EXEC PGM=SORT
//SORTIN   DD DSN=RENGO.KOJINIX(0),DISP=SHR,LAYOUT=rengo_kojin_index
//         DD DSN=&&NEWIX,DISP=(OLD,DELETE),LAYOUT=rengo_kojin_index
//SORTOUT  DD DSN=RENGO.KOJINIX(+1),DISP=(,CATLG),
//            LAYOUT=rengo_kojin_index
//SYSIN    DD PATH='../jobs/rengo_ixnew.sort'
//* IDOU: the move check on the new register (重複, 空白), both sides of every move
//* (RENGO.RIREKI(+1): generation numbers are the job's, as on z/OS).
//IDOU     EXEC PGM=SORT
//SORTJNF1 DD DSN=RENGO.RIREKI(+1),DISP=SHR,LAYOUT=rengo_rireki
//SORTJNF2 DD DSN=RENGO.RIREKI(+1),DISP=SHR,LAYOUT=rengo_rireki
//NEWSIDE  DD DSN=RENGO.IDOU.NEW.D&YYMMDD,DISP=(,CATLG),LAYOUT=kakunin
//OLDSIDE  DD DSN=RENGO.IDOU.OLD.D&YYMMDD,DISP=(,CATLG),LAYOUT=kakunin
//SYSIN    DD PATH='../jobs/idou_check.sort'
//*
//* The files to the cities (docs/streams/daily.md, "The files to the cities").
//* PAIRS: every move between two cities in the new register, met or not, keyed by
//* the new period; RENKEI1-3: each accepted 資格情報(個人) record with its period in
//* the new register, the old city's end of the move it began with and the move
//* check's 重複空白区分 (new side, else old side): RENGO.RENKEI.Dyymmdd, every city.
//PAIRS    EXEC PGM=SORT
//SORTJNF1 DD DSN=RENGO.RIREKI(+1),DISP=SHR,LAYOUT=rengo_rireki
//SORTJNF2 DD DSN=RENGO.RIREKI(+1),DISP=SHR,LAYOUT=rengo_rireki
//SORTOUT  DD DSN=&&PAIRS,DISP=(NEW,PASS),LAYOUT=kakunin
//SYSIN    DD PATH='../jobs/rengo_pairs.sort'
//RENKEI1  EXEC PGM=SORT
//SORTJNF1 DD DSN=RENGO.TX.D&YYMMDD,DISP=SHR,LAYOUT=rengo_tx_wk
//SORTJNF2 DD DSN=RENGO.RIREKI(+1),DISP=SHR,LAYOUT=rengo_rireki
//SORTOUT  DD DSN=&&RENKEI1,DISP=(NEW,PASS),LAYOUT=rengo_renkei_wk
//SYSIN    DD PATH='../jobs/rengo_renkei1.sort'
//RENKEI2  EXEC PGM=SORT
//SORTJNF1 DD DSN=&&RENKEI1,DISP=(OLD,DELETE),LAYOUT=rengo_renkei_wk
//SORTJNF2 DD DSN=&&PAIRS,DISP=(OLD,DELETE),LAYOUT=kakunin
//SORTOUT  DD DSN=&&RENKEI2,DISP=(NEW,PASS),LAYOUT=rengo_renkei_wk
//SYSIN    DD PATH='../jobs/rengo_renkei2.sort'
//RENKEI3  EXEC PGM=SORT
//SORTJNF1 DD DSN=&&RENKEI2,DISP=(OLD,DELETE),LAYOUT=rengo_renkei_wk
//SORTJNF2 DD DSN=RENGO.IDOU.OLD.D&YYMMDD,DISP=SHR,LAYOUT=kakunin
//SORTOUT  DD DSN=RENGO.RENKEI.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=rengo_renkei_wk
//SYSIN    DD PATH='../jobs/rengo_renkei3.sort'
//*
//* SEND, per accepted city (a city rejected on receipt gets none: its notice says why).
//S01      IF (C01.ACCEPT.RC = 0) THEN
//R01      EXEC SEND,CITY=01,HOKEN=121001
//         ENDIF
//S02      IF (C02.ACCEPT.RC = 0) THEN
//R02      EXEC SEND,CITY=02,HOKEN=121019
//         ENDIF
//S03      IF (C03.ACCEPT.RC = 0) THEN
//R03      EXEC SEND,CITY=03,HOKEN=121027
//         ENDIF
