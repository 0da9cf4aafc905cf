//KOUZAIR  JOB (KOKUHO),'KOUZA FURIKAE IRAI',CLASS=A,MSGCLASS=X
//*
//* The monthly 口座振替 request (docs/streams/kouza_furikae.md): the NHI premium
//* installments due on the debit day and paid by direct debit, from the premium ledger,
//* as the Zengin 口座振替依頼データ for the city's bank (種別コード 91, 120-byte records).
//*   kiroku run jcl/kouza_furikae.jcl --root DIR --date YYYY-MM-DD HOKEN=121001
//* --date is the debit day (引落日 = the installments' 納期限); HOKEN the insurer number,
//* which is also the 委託者コード and the number of the city's collecting account
//* (0134-001 普通). The data root holds KOKUHO.HOKENRYO(0) (scripts/bank_root.sh).
//*
//* ---- the installments due: header, data, trailer (counts 0), end ---------------------
//IRAI     EXEC PGM=SORT
//SORTIN   DD DSN=KOKUHO.HOKENRYO(0),DISP=SHR
//IRAI     DD DSN=&&BODY,DISP=(NEW,PASS)
//END      DD DSN=&&END,DISP=(NEW,PASS)
//SYSIN    DD *,SYMBOLS=JCLONLY
  INCLUDE COND=(nofu_hoho,EQ,1,AND,shuno_jokyo,EQ,0,AND,
                nokigen_ymd,EQ,DATE1)
  SORT FIELDS=(gimusha_atena_no,A)
  OUTFIL FNAMES=IRAI,REMOVECC,
    BUILD=(C'2',ginko_no,15X,shiten_no,15X,4X,yokin_shumoku,koza_no,
           koza_meigi,chotei_gaku,TO=ZD,LENGTH=10,shinki_cd,
           gimusha_atena_no,TO=ZD,LENGTH=20,C'0',8X),
    HEADER1=(C'1910',C'0000&HOKEN',C'ｺｸﾐﾝｹﾝｺｳﾎｹﾝ',29X,
             C'&RUNMONTH&RUNDAY',C'0134',15X,C'001',15X,C'1',
             C'0&HOKEN',17X),
    TRAILER1=(C'8',54C'0',65X)
  OUTFIL FNAMES=END,ENDREC=1,BUILD=(C'9',119X)
/*
//* the end record after the trailer
//JOIN     EXEC PGM=IEBGENER,COND=(0,NE)
//SYSUT1   DD DSN=&&BODY,DISP=(OLD,DELETE)
//         DD DSN=&&END,DISP=(OLD,DELETE)
//SYSUT2   DD DSN=&&DRAFT,DISP=(NEW,PASS)
//SYSIN    DD DUMMY
//*
//* ---- 合計件数/金額 computed, names folded (small kana large), checked ---------------
//TOTALS   EXEC PGM=CONVERT,PARM='FOLD=zengin',COND=(0,NE)
//SYSUT1   DD DSN=&&DRAFT,DISP=(OLD,DELETE),LAYOUT=zengin_furikae_draft
//SYSUT2   DD DSN=ZENGIN.IRAI.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=zengin_furikae_irai
//VERIRAI  EXEC PGM=VERIFY,COND=(0,NE)
//SYSUT1   DD DSN=ZENGIN.IRAI.D&YYMMDD,DISP=SHR,
//            LAYOUT=zengin_furikae_irai
