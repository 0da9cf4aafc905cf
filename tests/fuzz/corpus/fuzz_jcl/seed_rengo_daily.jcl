//RENGODY  JOB (RENGO),'FEDERATION DAILY',CLASS=A,MSGCLASS=X
//*
//* The federation's daily stream, first part (docs/streams/daily.md): every city's
//* sealed 資格情報(個人) file received, unsealed and verified, each city on its own.
//* A city's file that fails (its 受渡票, digest, a chunk, the key, a record or the
//* trailer's counts) is rejected and reported to that city; the other cities go on.
//*   kiroku run jcl/rengo_daily.jcl --root DIR --date 2026-04-01 KEYS=DIR
//* KEYS is the federation's key ring: cityNN.key opens city NN's file. The cities'
//* files are RENGO.KOJINnn.Dyymmdd (+ .slip), as jcl/kokuho_daily.jcl seals them.
//*
//* RECV: one city. Accepted: RENGO.IN.Cnn.Dyymmdd (layout kokuho_kojin).
//* Rejected: RENGO.REJECT.Cnn.Dyymmdd, the notice to the city (the job log says why).
//RECV     PROC CITY=
//UNSEAL   EXEC PGM=UNSEAL,PARM='KEYRING=&KEYS'
//SYSUT1   DD DSN=RENGO.KOJIN&CITY..D&YYMMDD,DISP=SHR
//SYSUT2   DD DSN=&&KOJIN&CITY,DISP=(NEW,PASS),LAYOUT=kokuho_kojin
//VERIFY   EXEC PGM=VERIFY,COND=(0,NE,UNSEAL)
//SYSUT1   DD DSN=&&KOJIN&CITY,DISP=(OLD,PASS),LAYOUT=kokuho_kojin
//OK       IF (UNSEAL.RC = 0 & VERIFY.RC = 0) THEN
//ACCEPT   EXEC PGM=IEBGENER
//SYSUT1   DD DSN=&&KOJIN&CITY,DISP=(OLD,DELETE),LAYOUT=kokuho_kojin
//SYSUT2   DD DSN=RENGO.IN.C&CITY..D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kokuho_kojin
//         ELSE
//REJECT   EXEC PGM=SORT
//SORTIN   DD DUMMY,LRECL=100
//NOTICE   DD DSN=RENGO.REJECT.C&CITY..D&YYMMDD,DISP=(,CATLG)
//SYSIN    DD *,SYMBOLS=JCLONLY
  OPTION COPY
  OUTFIL FNAMES=NOTICE,REMOVECC,
    HEADER1=(C'RENGO.KOJIN&CITY..D&YYMMDD REJECTED &RUNDATE: ',
             C'NOT OPENED OR NOT VERIFIED, SEE THE JOB LOG')
/*
//         ENDIF
//         PEND
//*
//C01      EXEC RECV,CITY=01
//C02      EXEC RECV,CITY=02
//C03      EXEC RECV,CITY=03
