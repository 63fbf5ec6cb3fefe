import t from 'tap';
import { returnReasonText } from '../../src/domain/return-reasons.js';

t.test('when the bank gives a known return code, then the student reads what it means in their language', async (t) => {
  t.equal(returnReasonText('AC01', 'ru'), 'неверный номер счёта');
  t.equal(returnReasonText('AC04', 'kk'), 'шот жабылған');
});

t.test('when the code is not one we know, then a general reason is shown rather than the code alone', async (t) => {
  t.equal(returnReasonText('ZZ99', 'ru'), 'реквизиты не подошли');
  t.equal(returnReasonText('ZZ99', 'kk'), 'деректемелер сәйкес келмеді');
});
