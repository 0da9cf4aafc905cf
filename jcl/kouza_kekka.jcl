//KOUZAKK  JOB (KOKUHO),'KOUZA FURIKAE KEKKA',CLASS=A,MSGCLASS=X
//*
//* The monthly 口座振替 reconciliation (docs/streams/kouza_furikae.md): the bank's Zengin
//* result file checked (its trailer's 合計/振替済/振替不能 件数・金額 against its records)
//* and matched with the request the city sent; its records reconciled into the premium
//* ledger (paid: 収納状況 1 and 収納日; unpaid: the bank's code), a new generation; and
//* the list of the unpaid.
//*   kiroku run jcl/kouza_kekka.jcl --root DIR --date YYYY-MM-DD
//* --date is the debit day, as for jcl/kouza_furikae.jcl, whose ZENGIN.IRAI.Dyymmdd this
//* job reads with the bank's ZENGIN.KEKKA.Dyymmdd and KOKUHO.HOKENRYO(0).
//*
//* ---- both files checked: each against its own trailer, then one against the other --
//VERKEKKA EXEC PGM=VERIFY
//SYSUT1   DD DSN=ZENGIN.KEKKA.D&YYMMDD,DISP=SHR,LAYOUT=zengin_furikae
//VERIRAI  EXEC PGM=VERIFY
//SYSUT1   DD DSN=ZENGIN.IRAI.D&YYMMDD,DISP=SHR,
//            LAYOUT=zengin_furikae_irai
//SHOGO    EXEC PGM=SORT,COND=(0,NE)
//SORTJNF1 DD DSN=ZENGIN.IRAI.D&YYMMDD,DISP=SHR,
//            LAYOUT=zengin_furikae_irai
//SORTJNF2 DD DSN=ZENGIN.KEKKA.D&YYMMDD,DISP=SHR,LAYOUT=zengin_furikae
//FUICCHI  DD DSN=ZENGIN.FUICCHI.D&YYMMDD,DISP=(,CATLG)
//SYSIN    DD PATH='../jobs/kouza_shogo.sort'
//* rc 8 when a record of one file is not in the other as it is
//FUICCHI  EXEC PGM=IEBCOMPR,COND=(0,NE)
//SYSUT1   DD DSN=ZENGIN.FUICCHI.D&YYMMDD,DISP=SHR
//SYSUT2   DD DUMMY
//*
//* ---- reconciliation into the premium ledger ------------------------------------------
//CHECKED  IF (VERKEKKA.RC = 0 & VERIRAI.RC = 0 & SHOGO.RC = 0 &
//             FUICCHI.RC = 0) THEN
//KESHI    EXEC PGM=SORT
//SORTJNF1 DD DSN=ZENGIN.KEKKA.D&YYMMDD,DISP=SHR,LAYOUT=zengin_furikae
//SORTJNF2 DD DSN=KOKUHO.HOKENRYO(0),DISP=SHR
//TRANS    DD DSN=&&TRANS,DISP=(NEW,PASS),LAYOUT=kokuho_hokenryo_tx
//MISSING  DD DSN=ZENGIN.MISSING.D&YYMMDD,DISP=(,CATLG)
//SYSIN    DD *,SYMBOLS=JCLONLY
* The result's records (F1) matched by 顧客番号 with the ledger's installments due on the
* debit day, paid by 口座振替 and unpaid (F2); each pair becomes a 収納消込 transaction in
* ledger key order: 振替結果コード 0 collected on the debit day, any other code kept
* unpaid with it. What does not pair, or pairs with another amount, goes to MISSING
* (indicator, 顧客番号, 引落金額, 世帯番号, 期別, 調定額).
  JOINKEYS FILE=F1,FIELDS=(kokyaku_no,A)
  JOINKEYS FILE=F2,FIELDS=(gimusha_atena_no,A),
           INCLUDE=(nofu_hoho,EQ,1,AND,shuno_jokyo,EQ,0,AND,nokigen_ymd,EQ,DATE1)
  JOIN UNPAIRED,F1,F2
  REFORMAT FIELDS=(F1:1,120,F2:1,120,?)
  SORT FIELDS=(F2:nendo,A,F2:setai_no,A,F2:kibetsu,A)
  OUTFIL FNAMES=TRANS,
    INCLUDE=(241,1,CH,EQ,C'B',AND,F1:hikiotoshi_kingaku,EQ,F2:chotei_gaku),
    IFTHEN=(WHEN=(F1:furikae_kekka,EQ,0),
      BUILD=(C'2',F2:nendo,F2:setai_no,F2:kibetsu,C'0',C'1',
             F1:furikae_kekka,C'&RUNDATE',7X)),
    IFTHEN=(WHEN=NONE,
      BUILD=(C'2',F2:nendo,F2:setai_no,F2:kibetsu,C'0',C'0',
             F1:furikae_kekka,C'00000000',7X))
  OUTFIL FNAMES=MISSING,SAVE,
    BUILD=(241,1,1X,92,20,1X,81,10,1X,F2:setai_no,1X,F2:kibetsu,1X,
           F2:chotei_gaku,56X)
/*
//* rc 8 when a result found no due installment or one was not in the result
//MISSING  EXEC PGM=IEBCOMPR,COND=(0,NE,KESHI)
//SYSUT1   DD DSN=ZENGIN.MISSING.D&YYMMDD,DISP=SHR
//SYSUT2   DD DUMMY
//UPDATE   EXEC PGM=LEDGER,PARM='UPDATE',COND=(0,NE)
//OLDMAST  DD DSN=KOKUHO.HOKENRYO(0),DISP=SHR
//TRANS    DD DSN=&&TRANS,DISP=(OLD,DELETE),LAYOUT=kokuho_hokenryo_tx
//NEWMAST  DD DSN=KOKUHO.HOKENRYO(+1),DISP=(,CATLG),
//            LAYOUT=kokuho_hokenryo
//REJECTS  DD DSN=KOKUHO.HOKENRYO.REJECTS.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kokuho_hokenryo_tx
//*
//* ---- the unpaid ------------------------------------------------------------------------
//MINOU    EXEC PGM=SORT,COND=(0,NE)
//SORTIN   DD DSN=KOKUHO.HOKENRYO(+1),DISP=SHR
//SORTOUT  DD DSN=KOKUHO.MINOU.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kokuho_hokenryo
//LIST     DD DSN=KOKUHO.MINOU.LIST.D&YYMMDD,DISP=(,CATLG)
//SYSIN    DD PATH='../jobs/kouza_minou.sort'
//         ENDIF
