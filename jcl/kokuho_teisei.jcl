//KOKUHOTS JOB (KOKUHO),'NHI CORRECTION',CLASS=A,MSGCLASS=X
//*
//* The NHI ledger's corrections (docs/streams/correction.md): the day's corrections checked
//* for a second person's approval (refused ones to an error list), then the ledger
//* regenerated from its base generation, every day's transactions since (the GDG
//* KOKUHO.TXHIST, oldest first) and the approved corrections: the new generation is what a
//* rerun of everything from the base gives, byte for byte. The report lists, field by field,
//* what differs between the ledger before and after (個人番号 masked).
//*   kiroku run jcl/kokuho_teisei.jcl --root DIR --date 2026-04-05
//* The data root holds KOKUHO.BASE(0), KOKUHO.TXHIST (a generation per day since the base),
//* KOKUHO.DAICHO(0) and the day's corrections KOKUHO.TEISEI.Dyymmdd (layout kokuho_teisei).
//* The replay must give KOKUHO.DAICHO(0) (step SAME) before anything is corrected; the
//* corrected members go into KOKUHO.TXHIST(+1) as 変更 transactions (step HIST), so the next
//* replay holds them.
//*
//* ---- 二者確認: only corrections approved by a second person go on -------------------------
//CHECK    EXEC PGM=SORT
//SORTIN   DD DSN=KOKUHO.TEISEI.D&YYMMDD,DISP=SHR,LAYOUT=kokuho_teisei
//APPROVED DD DSN=&&APPROVED,DISP=(NEW,PASS),LAYOUT=kokuho_teisei
//REFUSED  DD DSN=KOKUHO.TEISEI.REFUSED.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kokuho_teisei
//SYSIN    DD PATH='../jobs/teisei_check.sort'
//*
//* ---- the ledger regenerated: the base + every day's transactions since, in key order ------
//* (a stable sort: one member's transactions stay in the order of the days)
//TXALL    EXEC PGM=SORT,COND=(0,NE,CHECK)
//SORTIN   DD DSN=KOKUHO.TXHIST,GDGORDER=FIFO,DISP=SHR,LAYOUT=kokuho_tx
//SORTOUT  DD DSN=&&TXALL,DISP=(NEW,PASS),LAYOUT=kokuho_tx
//SYSIN    DD *
  SORT FIELDS=(atena_no,A)
/*
//REPLAY   EXEC PGM=LEDGER,PARM='UPDATE',COND=(0,NE)
//OLDMAST  DD DSN=KOKUHO.BASE(0),DISP=SHR,LAYOUT=kokuho_daicho
//TRANS    DD DSN=&&TXALL,DISP=(OLD,DELETE),LAYOUT=kokuho_tx
//NEWMAST  DD DSN=&&REPLAY,DISP=(NEW,PASS),LAYOUT=kokuho_daicho
//* ---- the history is whole: the replay is the ledger as the daily streams left it ---------
//* (a day missing from KOKUHO.TXHIST, or a ledger changed outside the streams, stops here:
//* rc 8, nothing written). REPLAY ends 8 when a day held a transaction its ledger refused
//* then: refused again, it changes nothing, and SAME is what proves the replay right.
//SAME     EXEC PGM=IEBCOMPR,COND=(8,LT)
//SYSUT1   DD DSN=&&REPLAY,DISP=(OLD,PASS),LAYOUT=kokuho_daicho
//SYSUT2   DD DSN=KOKUHO.DAICHO(0),DISP=SHR,LAYOUT=kokuho_daicho
//* ---- ... + the approved corrections: the new generation --------------------------------
//CORRECT  EXEC PGM=LEDGER,PARM='UPDATE',COND=((8,LT),(0,NE,SAME))
//OLDMAST  DD DSN=&&REPLAY,DISP=(OLD,DELETE),LAYOUT=kokuho_daicho
//TRANS    DD DSN=&&APPROVED,DISP=(OLD,DELETE),LAYOUT=kokuho_teisei
//NEWMAST  DD DSN=KOKUHO.DAICHO(+1),DISP=(,CATLG),LAYOUT=kokuho_daicho
//REJECTS  DD DSN=KOKUHO.TEISEI.REJECTS.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kokuho_teisei
//*
//* ---- the corrections kept in the history: each corrected member's record as a 変更 -------
//HIST     EXEC PGM=SORT,COND=((8,LT),(0,NE,SAME))
//SORTJNF1 DD DSN=KOKUHO.DAICHO(0),DISP=SHR,LAYOUT=kokuho_daicho
//SORTJNF2 DD DSN=KOKUHO.DAICHO(+1),DISP=SHR,LAYOUT=kokuho_daicho
//SORTOUT  DD DSN=KOKUHO.TXHIST(+1),DISP=(,CATLG),LAYOUT=kokuho_tx
//SYSIN    DD PATH='../jobs/teisei_hist.sort'
//*
//* ---- the report: the old and the new ledger, field by field ------------------------------
//DIFF     EXEC PGM=LEDGER,PARM='DIFF',COND=((8,LT),(0,NE,SAME))
//OLDMAST  DD DSN=KOKUHO.DAICHO(0),DISP=SHR,LAYOUT=kokuho_daicho
//NEWMAST  DD DSN=KOKUHO.DAICHO(+1),DISP=SHR,LAYOUT=kokuho_daicho
//REPORT   DD DSN=KOKUHO.TEISEI.DIFF.D&YYMMDD,DISP=(,CATLG)
