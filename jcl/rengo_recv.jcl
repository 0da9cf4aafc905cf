//RCV&CITY JOB (RENGO),'FEDERATION RECEIVE',CLASS=A,MSGCLASS=X
//* The federation's daily stream, part 2 of 4 (docs/streams/daily.md): one city's sealed
//* 資格情報(個人) and 資格情報(世帯) files received, unsealed and verified. Run once per
//* city of the prefecture, after jcl/rengo_open.jcl, with the city's symbols from the list
//* RENGO.CITIES (layout rengo_city: CITY, the two-digit number of its key cityNN, and HOKEN,
//* its 保険者番号), each run a job of its own (RCVnn) so that a rejected city never stops
//* another and is restarted alone:
//*   kiroku run jcl/rengo_recv.jcl --root DIR --date 2026-04-01 --each RENGO.CITIES KEYS=DIR
//*   kiroku run jcl/rengo_recv.jcl --root DIR --date 2026-04-01 CITY=02 HOKEN=121019 KEYS=DIR
//* KEYS is the federation's key ring: cityNN.key opens city NN's files, RENGO.KOJINnn.Dyymmdd
//* and RENGO.SETAInn.Dyymmdd (+ .slip), as jcl/kokuho_daily.jcl seals them.
//*
//* A city whose file fails (its 受渡票, digest, a chunk, the key, a record or the trailer's
//* counts) is rejected whole, both files. Accepted: RENGO.IN.Cnn.Dyymmdd (kokuho_kojin) and
//* RENGO.INSETAI.Cnn.Dyymmdd (kokuho_setai); its 資格情報(個人) records added to
//* RENGO.TX.Dyymmdd (rengo_tx_wk) stamped with HOKEN; the city added to the day's list of
//* accepted cities RENGO.ACCEPTED.Dyymmdd (rengo_city), which jcl/rengo_send.jcl runs over.
//* Rejected: RENGO.REJECT.Cnn.Dyymmdd, the notice to the city: which file, which check, the
//* step's condition code and its first message (id and place), built by SORT from the
//* steps' lines of the job log (JOBLOG DD, docs/JCL.md).
//UNSEAL   EXEC PGM=UNSEAL,PARM='KEYRING=&KEYS'
//SYSUT1   DD DSN=RENGO.KOJIN&CITY..D&YYMMDD,DISP=SHR
//SYSUT2   DD DSN=&&KOJIN,DISP=(NEW,PASS),LAYOUT=kokuho_kojin
//JOBLOG   DD DSN=&&LOG,DISP=(MOD,PASS),LRECL=300
//VERIFY   EXEC PGM=VERIFY,COND=(0,NE,UNSEAL)
//SYSUT1   DD DSN=&&KOJIN,DISP=(OLD,PASS),LAYOUT=kokuho_kojin
//JOBLOG   DD DSN=&&LOG,DISP=(MOD,PASS),LRECL=300
//UNSETAI  EXEC PGM=UNSEAL,PARM='KEYRING=&KEYS'
//SYSUT1   DD DSN=RENGO.SETAI&CITY..D&YYMMDD,DISP=SHR
//SYSUT2   DD DSN=&&SETAI,DISP=(NEW,PASS),LAYOUT=kokuho_setai
//JOBLOG   DD DSN=&&LOG,DISP=(MOD,PASS),LRECL=300
//VERSETAI EXEC PGM=VERIFY,COND=(0,NE,UNSETAI)
//SYSUT1   DD DSN=&&SETAI,DISP=(OLD,PASS),LAYOUT=kokuho_setai
//JOBLOG   DD DSN=&&LOG,DISP=(MOD,PASS),LRECL=300
//OK       IF (UNSEAL.RC = 0 & VERIFY.RC = 0 &
//             UNSETAI.RC = 0 & VERSETAI.RC = 0) THEN
//ACCEPT   EXEC PGM=IEBGENER
//SYSUT1   DD DSN=&&KOJIN,DISP=(OLD,DELETE),LAYOUT=kokuho_kojin
//SYSUT2   DD DSN=RENGO.IN.C&CITY..D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kokuho_kojin
//ACCEPTS  EXEC PGM=IEBGENER
//SYSUT1   DD DSN=&&SETAI,DISP=(OLD,DELETE),LAYOUT=kokuho_setai
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
//LISTED   EXEC PGM=SORT
//SORTIN   DD DUMMY,LRECL=20
//SORTOUT  DD DSN=RENGO.ACCEPTED.D&YYMMDD,DISP=MOD,LAYOUT=rengo_city
//SYSIN    DD *,SYMBOLS=JCLONLY
  OPTION COPY
  OUTFIL FNAMES=SORTOUT,REMOVECC,HEADER1=(C'&CITY',C'&HOKEN',12X)
/*
//         ELSE
//* The notice: the steps' lines of the job log (each step's end line, KRK1256I with its
//* condition code at column 69, then its messages); per step that did not end with 0, its
//* first warning or error message, under what that step checks (the message's id and
//* its words after the file it names: the federation's own copy, which the city does
//* not know; the line before names the city's file).
//REJECT   EXEC PGM=SORT
//SORTIN   DD DSN=&&LOG,DISP=(OLD,DELETE),LRECL=300
//NOTICE   DD DSN=RENGO.REJECT.C&CITY..D&YYMMDD,DISP=(,CATLG)
//SYSIN    DD *,SYMBOLS=JCLONLY
  OPTION COPY
  INCLUDE COND=(1,8,CH,EQ,C'KRK1256I',OR,
                (1,3,CH,EQ,C'KRK',AND,8,1,SS,EQ,C'W,E,S'))
  INREC IFTHEN=(WHEN=GROUP,BEGIN=(1,8,CH,EQ,C'KRK1256I'),
                PUSH=(301:19,8,309:69,4,313:SEQ=3))
  OUTREC PARSE=(%01=(ENDBEFR=C' ',FIXLEN=8),%=(ENDBEFR=C' '),
                %02=(ENDBEFR=C'   ',FIXLEN=300)),
         BUILD=(1,315,%01,%02)
  OUTFIL FNAMES=NOTICE,REMOVECC,
    INCLUDE=(313,3,ZD,EQ,2,AND,309,4,ZD,NE,0),
    HEADER1=(C'RENGO.KOJIN&CITY..D&YYMMDD AND RENGO.SETAI&CITY..D&YYMMDD',
             C' (CITY &CITY, HOKENSHA &HOKEN) REJECTED &RUNDATE:',
             C' NEITHER FILE WAS TAKEN'),
    BUILD=(C'- ',
           301,8,CHANGE=(22,C'UNSEAL',C'RENGO.KOJIN&CITY..D&YYMMDD',
                            C'VERIFY',C'RENGO.KOJIN&CITY..D&YYMMDD',
                            C'UNSETAI',C'RENGO.SETAI&CITY..D&YYMMDD',
                            C'VERSETAI',C'RENGO.SETAI&CITY..D&YYMMDD'),
           301,8,CHANGE=(44,C'UNSEAL',C'NOT OPENED: KEY, CHUNKS, DIGEST, SLIP',
                            C'VERIFY',C'NOT VERIFIED: LAYOUT kokuho_kojin',
                            C'UNSETAI',C'NOT OPENED: KEY, CHUNKS, DIGEST, SLIP',
                            C'VERSETAI',C'NOT VERIFIED: LAYOUT kokuho_setai'),
           C'(STEP ',301,8,C'COND CODE ',309,4,C')',
           /,C'  ',316,8,C' ',324,300),
    TRAILER1=(C'CORRECT WHAT THE MESSAGE NAMES (THE RECORD AND BYTE ARE',
              C' THOSE OF THE FILE AS SENT), SEAL BOTH FILES AGAIN AND',
              C' SEND THEM; THE FEDERATION THEN RUNS RCV&CITY AGAIN')
/*
//         ENDIF
