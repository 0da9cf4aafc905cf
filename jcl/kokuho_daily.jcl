//KOKUHODY JOB (KOKUHO),'NHI DAILY',CLASS=A,MSGCLASS=X
//*
//* The city's daily NHI stream (docs/streams/daily.md): the registry difference, the
//* federation's inbound files unsealed and verified (a file that fails stops the stream
//* before anything reaches the ledger), the 個人番号 checks and the move check, the
//* 確認リスト, the held-back transactions, the NHI ledger's new generation, the outbound
//* 資格情報(個人) and 資格情報(世帯) files sealed with their 受渡票, and the printed
//* 確認リスト (個人番号 masked).
//*   kiroku run jcl/kokuho_daily.jcl --root DIR --date 2026-04-02 HOKEN=121001 CITY=01
//*     KEYS=DIR (a key ring: cityNN.key opens the federation's files to us and seals ours)
//* The three symbols come from the command line; the job sets no default.
//* The data root holds JUKI.SNAPSHOT(-1) and (0), KOKUHO.DAICHO(0), KOKUHO.TX.Dyymmdd, and
//* the three files jcl/rengo_send.jcl sealed for this city on the business day before
//* (&PBYYMMDD, the job's calendar), under the names it gave them:
//* RENGO.SEND.SHIKAKU/HIHOID/RIREKI.Cnn.Dyymmdd (+ .slip). scripts/city_root.sh puts a
//* city of kiroku city there, its federation's files in their place.
//*
//* ---- 住基異動: the registry difference -------------------------------------------
//JUKIDIFF EXEC PGM=SORT
//SORTJNF1 DD DSN=JUKI.SNAPSHOT(-1),DISP=SHR
//SORTJNF2 DD DSN=JUKI.SNAPSHOT(0),DISP=SHR
//DEPARTED DD DSN=JUKI.DEPARTED.D&YYMMDD,DISP=(,CATLG),LAYOUT=juki
//ARRIVED  DD DSN=JUKI.ARRIVED.D&YYMMDD,DISP=(,CATLG),LAYOUT=juki
//TX       DD DSN=JUKI.TX.D&YYMMDD,DISP=(,CATLG),LAYOUT=juki_tx
//CHANGES  DD DSN=JUKI.CHANGES.D&YYMMDD,DISP=(,CATLG)
//SYSIN    DD PATH='../jobs/juki_diff.sort'
//*
//* ---- the inbound files, the federation's of the business day before, sealed
//* for this city with its key: each unsealed, then verified (not when it could
//* not be opened); every file is checked, whatever the others gave
//UNSHIK   EXEC PGM=UNSEAL,PARM='KEYRING=&KEYS'
//SYSUT1   DD DSN=RENGO.SEND.SHIKAKU.C&CITY..D&PBYYMMDD,DISP=SHR
//SYSUT2   DD DSN=&&SHIKAKU,DISP=(NEW,PASS),LAYOUT=rengo_shikaku
//VERSHIK  EXEC PGM=VERIFY,COND=(0,NE,UNSHIK)
//SYSUT1   DD DSN=&&SHIKAKU,DISP=(OLD,PASS),LAYOUT=rengo_shikaku
//UNHIID   EXEC PGM=UNSEAL,PARM='KEYRING=&KEYS'
//SYSUT1   DD DSN=RENGO.SEND.HIHOID.C&CITY..D&PBYYMMDD,DISP=SHR
//SYSUT2   DD DSN=&&HIHOID,DISP=(NEW,PASS),LAYOUT=rengo_hihokensha_id
//VERHIID  EXEC PGM=VERIFY,COND=(0,NE,UNHIID)
//SYSUT1   DD DSN=&&HIHOID,DISP=(OLD,PASS),LAYOUT=rengo_hihokensha_id
//UNRIREKI EXEC PGM=UNSEAL,PARM='KEYRING=&KEYS'
//SYSUT1   DD DSN=RENGO.SEND.RIREKI.C&CITY..D&PBYYMMDD,DISP=SHR
//SYSUT2   DD DSN=&&RIREKI,DISP=(NEW,PASS),LAYOUT=rengo_rireki
//VERRIREK EXEC PGM=VERIFY,COND=(0,NE,UNRIREKI)
//SYSUT1   DD DSN=&&RIREKI,DISP=(OLD,PASS),LAYOUT=rengo_rireki
//*
//* Nothing below runs unless every inbound file was opened and verified with rc 0.
//INBOUND  IF (UNSHIK.RC = 0 & VERSHIK.RC = 0 &
//             UNHIID.RC = 0 & VERHIID.RC = 0 &
//             UNRIREKI.RC = 0 & VERRIREK.RC = 0) THEN
//*
//* ---- the exceptions: moves within the prefecture, 個人番号 --------------------------
//IDOU     EXEC PGM=SORT
//SORTJNF1 DD DSN=&&RIREKI,DISP=(OLD,PASS),LAYOUT=rengo_rireki
//SORTJNF2 DD DSN=&&RIREKI,DISP=(OLD,PASS),LAYOUT=rengo_rireki
//NEWSIDE  DD DSN=&&NEWSIDE,DISP=(NEW,PASS),LAYOUT=kakunin
//OLDSIDE  DD DSN=&&OLDSIDE,DISP=(NEW,PASS),LAYOUT=kakunin
//SYSIN    DD PATH='../jobs/idou_check.sort'
//* the register's extract holds other cities' periods of our people: our side only
//OURS     EXEC PGM=SORT
//SORTIN   DD DSN=&&NEWSIDE,DISP=(OLD,PASS),LAYOUT=kakunin
//         DD DSN=&&OLDSIDE,DISP=(OLD,PASS),LAYOUT=kakunin
//SORTOUT  DD DSN=&&IDOU,DISP=(NEW,PASS),LAYOUT=kakunin
//SYSIN    DD *,SYMBOLS=JCLONLY
  OPTION COPY
  INCLUDE COND=(hokensha_no,EQ,&HOKEN)
/*
//KOJINNO  EXEC PGM=SORT
//SORTJNF1 DD DSN=KOKUHO.TX.D&YYMMDD,DISP=SHR
//SORTJNF2 DD DSN=KOKUHO.DAICHO(0),DISP=SHR
//KAKUNIN  DD DSN=&&KOJINNO,DISP=(NEW,PASS),LAYOUT=kakunin
//SYSIN    DD PATH='../jobs/kojin_no_check.sort'
//*
//* ---- the 確認リスト and holding back ------------------------------------------------
//KAKUNIN  EXEC PGM=SORT
//SORTIN   DD DSN=&&IDOU,DISP=(OLD,PASS),LAYOUT=kakunin
//         DD DSN=&&KOJINNO,DISP=(OLD,PASS),LAYOUT=kakunin
//SORTOUT  DD DSN=KOKUHO.KAKUNIN.D&YYMMDD,DISP=(,CATLG),LAYOUT=kakunin
//LIST     DD DSN=KOKUHO.KAKUNIN.LIST.D&YYMMDD,DISP=(,CATLG)
//SYSIN    DD PATH='../jobs/kakunin.sort'
//HOLD     EXEC PGM=SORT
//SORTJNF1 DD DSN=KOKUHO.TX.D&YYMMDD,DISP=SHR
//SORTJNF2 DD DSN=KOKUHO.KAKUNIN.D&YYMMDD,DISP=SHR
//ACCEPTED DD DSN=KOKUHO.ACCEPTED.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kokuho_tx
//HELD     DD DSN=KOKUHO.HELD.D&YYMMDD,DISP=(,CATLG),LAYOUT=kokuho_tx
//SYSIN    DD PATH='../jobs/kokuho_hold.sort'
//*
//* ---- the NHI ledger: a new generation from the accepted transactions only -----------
//UPDATE   EXEC PGM=LEDGER,PARM='UPDATE'
//OLDMAST  DD DSN=KOKUHO.DAICHO(0),DISP=SHR
//TRANS    DD DSN=KOKUHO.ACCEPTED.D&YYMMDD,DISP=SHR
//NEWMAST  DD DSN=KOKUHO.DAICHO(+1),DISP=(,CATLG),LAYOUT=kokuho_daicho
//REJECTS  DD DSN=KOKUHO.REJECTS.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kokuho_tx
//* ---- the day kept in the transaction history the correction stream replays
//* (docs/streams/correction.md): a generation of KOKUHO.TXHIST per new ledger generation
//TXHIST   EXEC PGM=IEBGENER,COND=(8,LT,UPDATE)
//SYSUT1   DD DSN=KOKUHO.ACCEPTED.D&YYMMDD,DISP=SHR
//SYSUT2   DD DSN=KOKUHO.TXHIST(+1),DISP=(,CATLG),LAYOUT=kokuho_tx
//*
//* ---- the outbound 資格情報(個人) file: the accepted transactions between a
//* header and a trailer (SORT), CONVERT to the same layout recomputes the
//* trailer's control totals, VERIFY, SEAL with the city's key and 受渡票.
//* 被保険者証番号 is the 被保険者ID's last 8 digits, one per person, so its 枝番 is
//* 01 (docs/DOMAIN.md, 被保険者証記号・番号・枝番), as the federation sends it back
//KOJIN    EXEC PGM=SORT
//SORTIN   DD DSN=KOKUHO.ACCEPTED.D&YYMMDD,DISP=SHR
//KOJIN    DD DSN=&&KOJIN,DISP=(NEW,PASS)
//SYSIN    DD *,SYMBOLS=JCLONLY
  SORT FIELDS=(atena_no,A)
  OUTFIL FNAMES=KOJIN,REMOVECC,
    IFTHEN=(WHEN=(setainushi_kubun,EQ,1),
      BUILD=(C'2',atena_no,setai_no,shori_kubun,C'&RUNDATE',20X,
             61,8,C'01',shimei_kana,shimei,seinengappi,seibetsu,
             setainushi_kubun,C'01',shutoku_ymd,shutoku_jiyu,soshitsu_ymd,
             soshitsu_jiyu,tekiyo_kaishi_ymd,tekiyo_shuryo_ymd,C'3',
             kojin_no,39X)),
    IFTHEN=(WHEN=NONE,
      BUILD=(C'2',atena_no,setai_no,shori_kubun,C'&RUNDATE',20X,
             61,8,C'01',shimei_kana,shimei,seinengappi,seibetsu,
             setainushi_kubun,C'99',shutoku_ymd,shutoku_jiyu,soshitsu_ymd,
             soshitsu_jiyu,tekiyo_kaishi_ymd,tekiyo_shuryo_ymd,C'3',
             kojin_no,39X)),
    HEADER1=(C'1',C'&HOKEN',C'&HOKEN',C'&RUNDATE',229X),
    TRAILER1=(C'8',C'00000000000000000000000000000000',217X)
/*
//TOTALS   EXEC PGM=CONVERT
//SYSUT1   DD DSN=&&KOJIN,DISP=(OLD,DELETE),LAYOUT=kokuho_kojin_draft
//SYSUT2   DD DSN=KOKUHO.KOJIN.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kokuho_kojin
//VERKOJIN EXEC PGM=VERIFY
//SYSUT1   DD DSN=KOKUHO.KOJIN.D&YYMMDD,DISP=SHR
//SEALKOJ  EXEC PGM=SEAL,
//             PARM=(KEYRING=&KEYS,KEYID=city&CITY,SENDER=CITY&CITY,
//             RECEIVER=RENGO,DATASET=KOKUHO.KOJIN.D&YYMMDD)
//SYSUT1   DD DSN=KOKUHO.KOJIN.D&YYMMDD,DISP=SHR
//SYSUT2   DD DSN=RENGO.KOJIN&CITY..D&YYMMDD,DISP=(,CATLG)
//*
//* ---- the outbound 資格情報(世帯) file: the households whose summary changed
//* between the ledger's generations (work layout kokuho_setai_wk), the head's
//* name and address from the registry (today's, else the day before's: a head
//* who left today), built between a header and a trailer, totals by CONVERT,
//* VERIFY, SEAL with the city's key and 受渡票
//SUMOLD   EXEC PGM=SORT
//SORTIN   DD DSN=KOKUHO.DAICHO(0),DISP=SHR
//SORTOUT  DD DSN=&&MEMOLD,DISP=(NEW,PASS),LAYOUT=kokuho_setai_wk
//SYSIN    DD PATH='../jobs/setai_summary.sort'
//SUMOLD2  EXEC PGM=SORT
//SORTIN   DD DSN=&&MEMOLD,DISP=(OLD,DELETE),LAYOUT=kokuho_setai_wk
//SORTOUT  DD DSN=&&SETAIOLD,DISP=(NEW,PASS),LAYOUT=kokuho_setai_wk
//SYSIN    DD PATH='../jobs/setai_sum.sort'
//SUMNEW   EXEC PGM=SORT
//SORTIN   DD DSN=KOKUHO.DAICHO(+1),DISP=SHR
//SORTOUT  DD DSN=&&MEMNEW,DISP=(NEW,PASS),LAYOUT=kokuho_setai_wk
//SYSIN    DD PATH='../jobs/setai_summary.sort'
//SUMNEW2  EXEC PGM=SORT
//SORTIN   DD DSN=&&MEMNEW,DISP=(OLD,DELETE),LAYOUT=kokuho_setai_wk
//SORTOUT  DD DSN=&&SETAINEW,DISP=(NEW,PASS),LAYOUT=kokuho_setai_wk
//SYSIN    DD PATH='../jobs/setai_sum.sort'
//SETAICHG EXEC PGM=SORT
//SORTJNF1 DD DSN=&&SETAINEW,DISP=(OLD,DELETE),LAYOUT=kokuho_setai_wk
//SORTJNF2 DD DSN=&&SETAIOLD,DISP=(OLD,DELETE),LAYOUT=kokuho_setai_wk
//SORTOUT  DD DSN=&&SETAICHG,DISP=(NEW,PASS),LAYOUT=kokuho_setai_wk
//SYSIN    DD PATH='../jobs/setai_changes.sort'
//HEADNOW  EXEC PGM=SORT
//SORTJNF1 DD DSN=&&SETAICHG,DISP=(OLD,DELETE),LAYOUT=kokuho_setai_wk
//SORTJNF2 DD DSN=JUKI.SNAPSHOT(0),DISP=SHR
//FOUND    DD DSN=&&HEADNOW,DISP=(NEW,PASS),LAYOUT=kokuho_setai_wk
//MISSING  DD DSN=&&HEADMISS,DISP=(NEW,PASS),LAYOUT=kokuho_setai_wk
//SYSIN    DD PATH='../jobs/setai_head.sort'
//HEADPREV EXEC PGM=SORT
//SORTJNF1 DD DSN=&&HEADMISS,DISP=(OLD,DELETE),LAYOUT=kokuho_setai_wk
//SORTJNF2 DD DSN=JUKI.SNAPSHOT(-1),DISP=SHR
//FOUND    DD DSN=&&HEADPREV,DISP=(NEW,PASS),LAYOUT=kokuho_setai_wk
//MISSING  DD DSN=&&HEADNONE,DISP=(NEW,PASS),LAYOUT=kokuho_setai_wk
//SYSIN    DD PATH='../jobs/setai_head.sort'
//* a household whose head is in neither snapshot keeps blank name and
//* address fields: VERIFY below stops the file (郵便番号 is numeric)
//SETAI    EXEC PGM=SORT
//SORTIN   DD DSN=&&HEADNOW,DISP=(OLD,DELETE),LAYOUT=kokuho_setai_wk
//         DD DSN=&&HEADPREV,DISP=(OLD,DELETE),LAYOUT=kokuho_setai_wk
//         DD DSN=&&HEADNONE,DISP=(OLD,DELETE),LAYOUT=kokuho_setai_wk
//SETAI    DD DSN=&&SETAI,DISP=(NEW,PASS)
//SYSIN    DD *,SYMBOLS=JCLONLY
  SORT FIELDS=(setai_no,A)
  OUTFIL FNAMES=SETAI,REMOVECC,
    IFTHEN=(WHEN=(hihokensha_su,GT,0),
      BUILD=(C'2',setai_no,setainushi_atena_no,shori_kubun,C'&RUNDATE',
             shutoku_ymd,C'00000000',tekiyo_kaishi_ymd,tekiyo_shuryo_ymd,
             gisei_setainushi,setainushi_kana,setainushi_shimei,yubin_no,
             jusho,katagaki,67,2,18X)),
    IFTHEN=(WHEN=NONE,
      BUILD=(C'2',setai_no,setainushi_atena_no,shori_kubun,C'&RUNDATE',
             shutoku_ymd,soshitsu_ymd,tekiyo_kaishi_ymd,tekiyo_shuryo_ymd,
             gisei_setainushi,setainushi_kana,setainushi_shimei,yubin_no,
             jusho,katagaki,67,2,18X)),
    HEADER1=(C'1',C'&HOKEN',C'&HOKEN',C'&RUNDATE',277X),
    TRAILER1=(C'8',C'00000000000000000000000000000000',265X)
/*
//SETAITOT EXEC PGM=CONVERT
//SYSUT1   DD DSN=&&SETAI,DISP=(OLD,DELETE),LAYOUT=kokuho_setai_draft
//SYSUT2   DD DSN=KOKUHO.SETAI.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kokuho_setai
//VERSETAI EXEC PGM=VERIFY
//SYSUT1   DD DSN=KOKUHO.SETAI.D&YYMMDD,DISP=SHR
//SEALSET  EXEC PGM=SEAL,
//             PARM=(KEYRING=&KEYS,KEYID=city&CITY,SENDER=CITY&CITY,
//             RECEIVER=RENGO,DATASET=KOKUHO.SETAI.D&YYMMDD)
//SYSUT1   DD DSN=KOKUHO.SETAI.D&YYMMDD,DISP=SHR
//SYSUT2   DD DSN=RENGO.SETAI&CITY..D&YYMMDD,DISP=(,CATLG)
//         ENDIF
