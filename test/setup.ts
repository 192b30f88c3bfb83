/** Mocha root hooks shared by every suite. */
import chai from 'chai';

chai.config.truncateThreshold = 0;
