/** Three short articles the corpus-service tests index: each answers one question of its own. */
export const TRIPOLI =
  'Ceasefire Holds in Tripoli\n\n' +
  'The capital had witnessed in recent weeks clashes between rival militias. The United Nations had brokered a ceasefire that ended the unrest.\n\n' +
  'Demonstrators took to the streets of Tripoli on Sunday. They demanded the resignation of the government.\n';
export const SIRTE =
  'Forces Prepare to Retake Sirte\n\n' +
  'Forces in Misrata are preparing to confront ISIS fighters in the city of Sirte, said spokesman Mohammed al-Ghasri.\n\n' +
  'The fighters in Misrata will go ahead with the mission despite their need for logistical support.\n';
export const GHAT =
  'Drought in Ghat\n\n' +
  'Farmers in the oasis town of Ghat said the wells had run dry after three years without rain.\n\n' +
  'The municipality asked the government for emergency water tankers.\n';
