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
//* ---- ... + the approved corrections: the new generation --------------------------------
//CORRECT  EXEC PGM=LEDGER,PARM='UPDATE',COND=(0,NE)
//OLDMAST  DD DSN=&&REPLAY,DISP=(OLD,DELETE),LAYOUT=kokuho_daicho
//TRANS    DD DSN=&&APPROVED,DISP=(OLD,DELETE),LAYOUT=kokuho_teisei
//NEWMAST  DD DSN=KOKUHO.DAICHO(+1),DISP=(,CATLG),LAYOUT=kokuho_daicho
//REJECTS  DD DSN=KOKUHO.TEISEI.REJECTS.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kokuho_teisei
//*
//* ---- the report: the old and the new ledger, field by field ------------------------------
//DIFF     EXEC PGM=LEDGER,PARM='DIFF',COND=(8,LT)
//OLDMAST  DD DSN=KOKUHO.DAICHO(0),DISP=SHR,LAYOUT=kokuho_daicho
//NEWMAST  DD DSN=KOKUHO.DAICHO(+1),DISP=SHR,LAYOUT=kokuho_daicho
//REPORT   DD DSN=KOKUHO.TEISEI.DIFF.D&YYMMDD,DISP=(,CATLG)
