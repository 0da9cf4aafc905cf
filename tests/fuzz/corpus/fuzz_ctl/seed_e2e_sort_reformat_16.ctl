  INREC BUILD=(atena_no,ku,hokenryo,
               SEQNUM,4,ZD,START=10,INCR=5)
  SORT FIELDS=(9,2,CH,A,11,7,ZD,D)
  OUTREC BUILD=(1,8,C'|',9,2,C'|',11,7,ZD,TO=PD,LENGTH=5,C'|',
                11,7,ZD,EDIT=(SII,III,IIT),SIGNS=(+,-),C'|',18,4,3X,
                40:C'*')
