//RENGOMRG JOB (RENGO),'FEDERATION MERGE',CLASS=A,MSGCLASS=X
//* The federation's daily stream, part 3 of 4 (docs/streams/daily.md): after every city
//* was received (jcl/rengo_recv.jcl, once per city), the accepted cities' records of
//* RENGO.TX.Dyymmdd merged into the prefecture's eligibility register, RENGO.RIREKI(+1)
//* from RENGO.RIREKI(0), with the federation's 個人番号 index RENGO.KOJINIX (a generation
//* beside it, sensitive); the move check; and RENGO.RENKEI.Dyymmdd and RENGO.NEWID.Dyymmdd,
//* from which jcl/rengo_send.jcl writes each accepted city's files. Its steps do not
//* depend on the number of cities.
//*   kiroku run jcl/rengo_merge.jcl --root DIR --date 2026-04-01
//*
//* The register (docs/streams/daily.md, "The federation's stream").
//* ADDS: each 追加 matched by its 個人番号 with the index: KNOWN (a person the
//* federation knows: he keeps his 被保険者ID) and NEW (新規付番: the run date and a
//* sequence number, in 保険者番号, 宛名番号 order), RENGO.NEWID.Dyymmdd: the
//* send job's 被保険者ID連携 (it holds the 個人番号 the cities sent, as RENGO.TX does).
//ADDS     EXEC PGM=SORT
//SORTJNF1 DD DSN=RENGO.TX.D&YYMMDD,DISP=SHR,LAYOUT=rengo_tx_wk
//SORTJNF2 DD DSN=RENGO.KOJINIX(0),DISP=SHR,LAYOUT=rengo_kojin_index
//KNOWN    DD DSN=&&KNOWN,DISP=(NEW,PASS),LAYOUT=rengo_tx_wk
//NEW      DD DSN=RENGO.NEWID.D&YYMMDD,DISP=(NEW,CATLG),
//            LAYOUT=rengo_tx_wk
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
//SORTIN   DD DSN=RENGO.NEWID.D&YYMMDD,DISP=SHR,LAYOUT=rengo_tx_wk
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
//* BYID: the new register in 被保険者ID order, from which each send job takes its
//* city's extract with one pass (jcl/rengo_send.jcl, MINE and RIREKI)
//BYID     EXEC PGM=SORT
//SORTIN   DD DSN=RENGO.RIREKI(+1),DISP=SHR,LAYOUT=rengo_rireki
//SORTOUT  DD DSN=RENGO.RIREKI.BYID.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=rengo_rireki
//SYSIN    DD *
  SORT FIELDS=(hihokensha_id,A,hokensha_no,A,atena_no,A)
/*
