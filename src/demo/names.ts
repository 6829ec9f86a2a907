/**
 * Name material for the synthetic community. Common first names and surnames of each
 * country, and nickname words in each language; combinations are random, so no display
 * name describes a real person.
 */
export type Country = 'SE' | 'NO' | 'DK';

export interface NameSet {
  firstNames: readonly string[];
  surnames: readonly string[];
  /** Adjectives and nouns for nicknames such as "glad_fjord". */
  adjectives: readonly string[];
  nouns: readonly string[];
}

export const names: Record<Country, NameSet> = {
  SE: {
    firstNames: [
      'Erik', 'Lars', 'Karl', 'Anders', 'Johan', 'Oskar', 'Lucas', 'Elias', 'Hugo', 'Axel', 'Filip', 'Viktor',
      'Emil', 'Gustav', 'Mattias', 'Niklas', 'Sebastian', 'Jonas', 'Andreas', 'Daniel', 'Anna', 'Maria', 'Karin',
      'Sara', 'Emma', 'Elsa', 'Maja', 'Linnea', 'Ebba', 'Wilma', 'Alva', 'Klara', 'Ida', 'Frida', 'Johanna',
      'Sofia', 'Elin', 'Moa', 'Saga', 'Kim', 'Robin', 'Alex', 'Sam',
    ],
    surnames: [
      'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson',
      'Gustafsson', 'Pettersson', 'Jonsson', 'Lindberg', 'Lindqvist', 'Berg', 'Holm', 'Sandberg', 'Ek', 'Nyström',
      'Lundgren', 'Björk', 'Sjöberg', 'Wallin', 'Forsberg', 'Engström',
    ],
    adjectives: ['glad', 'snäll', 'tyst', 'vild', 'mysig', 'lugn', 'nyfiken', 'rolig', 'stark', 'blyg', 'snabb', 'trött'],
    nouns: ['älg', 'räv', 'björn', 'fika', 'skog', 'sjö', 'stjärna', 'måne', 'fjäril', 'kanelbulle', 'vind', 'hav', 'ö'],
  },
  NO: {
    firstNames: [
      'Ole', 'Lars', 'Jan', 'Per', 'Bjørn', 'Kjetil', 'Håkon', 'Sindre', 'Magnus', 'Henrik', 'Jakob', 'Emil',
      'Tobias', 'Sander', 'Eirik', 'Øyvind', 'Aksel', 'Kristian', 'Ingrid', 'Kari', 'Anne', 'Silje', 'Nora',
      'Emma', 'Sofie', 'Maja', 'Ingeborg', 'Thea', 'Hedda', 'Marte', 'Sigrid', 'Ragnhild', 'Tuva', 'Live',
      'Solveig', 'Kim', 'Robin', 'Andrea',
    ],
    surnames: [
      'Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Kristiansen', 'Jensen',
      'Karlsen', 'Haugen', 'Bakken', 'Solberg', 'Dahl', 'Berg', 'Halvorsen', 'Strand', 'Lie', 'Moen', 'Eide',
      'Lunde', 'Aas', 'Nygård', 'Fjeld',
    ],
    adjectives: ['glad', 'snill', 'stille', 'vill', 'koselig', 'rolig', 'nysgjerrig', 'morsom', 'sterk', 'sjenert', 'rask', 'trøtt'],
    nouns: ['elg', 'rev', 'bjørn', 'fjord', 'skog', 'fjell', 'stjerne', 'måne', 'sommerfugl', 'vaffel', 'vind', 'hav', 'nordlys'],
  },
  DK: {
    firstNames: [
      'Mikkel', 'Rasmus', 'Mads', 'Søren', 'Jens', 'Niels', 'Anders', 'Frederik', 'Christian', 'Magnus', 'Oliver',
      'William', 'Noah', 'Villads', 'Kasper', 'Jesper', 'Mette', 'Anne', 'Kirsten', 'Hanne', 'Camilla', 'Freja',
      'Ida', 'Laura', 'Emma', 'Sofie', 'Mathilde', 'Karoline', 'Signe', 'Astrid', 'Line', 'Nanna', 'Kim',
      'Robin', 'Alex',
    ],
    surnames: [
      'Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen',
      'Jørgensen', 'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Poulsen', 'Møller', 'Mortensen',
      'Holm', 'Dam', 'Bach', 'Lund', 'Krogh', 'Skov',
    ],
    adjectives: ['glad', 'sød', 'stille', 'vild', 'hyggelig', 'rolig', 'nysgerrig', 'sjov', 'stærk', 'genert', 'hurtig', 'træt'],
    nouns: ['elg', 'ræv', 'bjørn', 'hygge', 'skov', 'strand', 'stjerne', 'måne', 'sommerfugl', 'wienerbrød', 'vind', 'hav', 'bølge'],
  },
};
