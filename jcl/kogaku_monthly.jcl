//KOGAKUMN JOB (KOKUHO),'KOGAKU HIKITSUGI',CLASS=A,MSGCLASS=X
//*
//* The monthly 高額該当 carry-over, before the month's high-cost benefit calculation
//* (docs/streams/kogaku_monthly.md): the households that moved into the city from another
//* city of the prefecture (継続候補世帯), from the federation's register; the city's
//* decisions on their continuity (世帯の継続性) matched with them (継続世帯確定, and what
//* cannot be matched listed); the old city's 高額該当 months of the confirmed households
//* counted over the 12 months before the run's month: the count and 多数回該当 (3 or more)
//* carried over to this city.
//*   kiroku run jcl/kogaku_monthly.jcl --root DIR --date YYYY-MM-DD HOKEN=121001
//* The data root holds KOGAKU.RIREKI, KOGAKU.GAITO and KOGAKU.KEIZOKU of the day
//* (scripts/kogaku_root.sh).
//*
//* ---- 継続候補世帯: moved in from another city of the prefecture, still insured here ----
//KOHO     EXEC PGM=SORT
//SORTIN   DD DSN=KOGAKU.RIREKI.D&YYMMDD,DISP=SHR,LAYOUT=rengo_rireki
//SORTOUT  DD DSN=KOGAKU.KOHO.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kogaku_kohou
//SYSIN    DD *,SYMBOLS=JCLONLY
  INCLUDE COND=(hokensha_no,EQ,&HOKEN,AND,tenshutsu_hokensha_no,NE,0,AND,
                tekiyo_shuryo_ymd,EQ,C'99999999')
  SORT FIELDS=(hihokensha_id,A)
  OUTREC BUILD=(hokensha_no,hihokensha_id,tenshutsu_hokensha_no,atena_no,
                shimei_kana,tekiyo_kaishi_ymd,9X)
/*
//* ---- 継続世帯確定: the city's decisions matched with the candidates ----------------------
//KAKUTEI  EXEC PGM=SORT,COND=(0,NE)
//SORTJNF1 DD DSN=KOGAKU.KOHO.D&YYMMDD,DISP=SHR,LAYOUT=kogaku_kohou
//SORTJNF2 DD DSN=KOGAKU.KEIZOKU.D&YYMMDD,DISP=SHR,
//            LAYOUT=kogaku_keizoku
//KAKUTEI  DD DSN=KOGAKU.KAKUTEI.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kogaku_kohou
//FUICCHI  DD DSN=KOGAKU.FUICCHI.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kogaku_fuicchi
//SYSIN    DD PATH='../jobs/kogaku_kakutei.sort'
//* ---- the old city's 高額該当 months of the confirmed households -------------------------
//HIKITSUG EXEC PGM=SORT,COND=(0,NE)
//SORTJNF1 DD DSN=KOGAKU.KAKUTEI.D&YYMMDD,DISP=SHR,LAYOUT=kogaku_kohou
//SORTJNF2 DD DSN=KOGAKU.GAITO.D&YYMMDD,DISP=SHR,LAYOUT=kogaku_gaito
//HIKITSUG DD DSN=KOGAKU.HIKITSUG.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kogaku_hikitsugi
//SYSIN    DD PATH='../jobs/kogaku_hikitsugi.sort'
