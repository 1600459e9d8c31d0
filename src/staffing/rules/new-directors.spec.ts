import { add, bureauCadre, certified, edit, hire, person, rotationIn, state } from '../../../test/factories/staffing-facts';
import { newDirectors } from './new-directors';

describe(newDirectors.name, () => {
  const director = certified({ name: '原所长', position: 'director' });
  const deputy = certified({ name: '副所长', position: 'deputy_director' });
  const s = state([director, deputy]);

  it('item 6: a deputy promoted in the register is a new director; the outgoing one is the register’s director that day', () => {
    expect(newDirectors(s, [edit(deputy, { position: 'director', startDate: '2021-04-01' })])).toEqual([{ officeId: 1, personId: deputy.id, date: '2021-04-01', outgoingId: director.id }]);
  });

  it('item 6: a new record, a move in and a rotation in as director count; a sitting director’s other edits do not', () => {
    const newcomer = certified({ position: 'director', startDate: '2021-05-01' });
    expect(newDirectors(s, [hire(newcomer)])[0]).toMatchObject({ personId: newcomer.id, outgoingId: director.id });
    const cadre = bureauCadre({ certificateHeld: true });
    expect(newDirectors(state([director, cadre]), [add(rotationIn(cadre.id, { incomingPosition: 'director' }))])[0]).toMatchObject({ personId: cadre.id, date: '2021-04-01' });
    expect(newDirectors(s, [edit(director, { education: 'master' })])).toEqual([]);
    expect(newDirectors(s, [edit(deputy, { position: 'staff' })])).toEqual([]);
    expect(newDirectors(state([person()]), [edit(person(), { position: 'director' })])[0].outgoingId).toBeNull();
  });
});
