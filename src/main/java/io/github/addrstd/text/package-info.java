/**
 * Conventions of the text people write into an address field besides the address: phone numbers,
 * recipients and form labels. Below the stages: the tagger keeps this text from the model, the
 * standardizer moves it out of the address.
 */
package io.github.addrstd.text;
