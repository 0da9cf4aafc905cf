//RENGOOPN JOB (RENGO),'FEDERATION OPEN DAY',CLASS=A,MSGCLASS=X
//* The federation's daily stream, part 1 of 4 (docs/streams/daily.md): the day's two
//* gathering data sets, empty, before any city is received: RENGO.TX.Dyymmdd (layout
//* rengo_tx_wk), to which each accepted city's jcl/rengo_recv.jcl adds its 資格情報(個人)
//* records, and RENGO.ACCEPTED.Dyymmdd (rengo_city), the list of the accepted cities
//* that jcl/rengo_send.jcl runs over.
//*   kiroku run jcl/rengo_open.jcl --root DIR --date 2026-04-01
//TXNEW    EXEC PGM=SORT
//SORTIN   DD DUMMY,LRECL=200
//SORTOUT  DD DSN=RENGO.TX.D&YYMMDD,DISP=(NEW,CATLG),LAYOUT=rengo_tx_wk
//SYSIN    DD *
  OPTION COPY
/*
//ACCNEW   EXEC PGM=SORT
//SORTIN   DD DUMMY,LRECL=20
//SORTOUT  DD DSN=RENGO.ACCEPTED.D&YYMMDD,DISP=(NEW,CATLG),
//            LAYOUT=rengo_city
//SYSIN    DD *
  OPTION COPY
/*
